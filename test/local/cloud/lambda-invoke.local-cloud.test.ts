/**
 * Lambda Invoke in the local cloud with its data plane, through the AWS SDK v3: the project's real
 * deployable artifact (lambda/artifact.ts) is created as a function with the migrate function's
 * environment, as the stack renders it, against an Aurora cluster on the data plane; invoking
 * `{ action: 'migrate' }` runs the zip with node and the schema exists in MariaDB afterwards. The
 * answers are Invoke's (the local cloud holds them to botocore's lambda model): the payload, the
 * log tail, the executed version, and the errors of an unknown function and a payload that is not JSON.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  InvalidRequestContentException,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand, CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readFileSync } from 'node:fs';
import type { RowDataPacket } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import { lambdaArtifact } from '../../../lambda/artifact';
import { LAMBDA_HANDLER } from '../../../lambda/bundle';
import { RESOURCE_NAMES } from '../../../lambda/src/constants';
import { renderIngestEnvironment } from '../../../lambda/src/env-vars';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud/server/launcher';
import { GEN_DIR, PROJECT_ROOT } from '../../../paths';
import { PROJECT_CONFIG } from '../../../stacks/config';
import { FUNCTION_RUNTIME } from '../../../stacks/constructs/vpc-function';

const REGION = 'eu-west-1';
const CLUSTER = 'invoke-source';
const DATABASE = 'app';
const INGEST_USER = 'ingest';
const MASTER_USER = 'zeroetl_admin';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'local-cloud-any-secret' };

describe('Lambda Invoke in the local cloud with its data plane (SDK v3)', () => {
  let cloud: LocalCloud;
  let lambda: LambdaClient;
  let masterSecretArn: string;
  let endpoint: { host: string; port: number };

  const clients = () => ({ endpoint: cloud.url, region: REGION, credentials, maxAttempts: 1 });

  beforeAll(async () => {
    const zip = readFileSync(lambdaArtifact({ projectRoot: PROJECT_ROOT, cacheDir: GEN_DIR }));
    cloud = await startLocalCloud({
      accountId: PROJECT_CONFIG.bootstrap.accountId,
      dataPlane: true,
      transitionSeconds: 0,
    });
    const rds = new RDSClient(clients());
    lambda = new LambdaClient(clients());

    const { DBCluster } = await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: CLUSTER,
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        // Not moto's fixed `admin`: the managed secret must name the cluster's own master user.
        MasterUsername: MASTER_USER,
        ManageMasterUserPassword: true,
        DatabaseName: DATABASE,
      }),
    );
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${CLUSTER}-writer`,
        DBClusterIdentifier: CLUSTER,
        DBInstanceClass: 'db.r6g.large',
        Engine: 'aurora-mysql',
      }),
    );
    masterSecretArn = DBCluster!.MasterUserSecret!.SecretArn!;
    endpoint = { host: DBCluster!.Endpoint!, port: DBCluster!.Port! };

    const { Role } = await new IAMClient(clients()).send(
      new CreateRoleCommand({
        RoleName: 'invoke-migrate',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'invoke-migrate',
        Runtime: FUNCTION_RUNTIME,
        Handler: LAMBDA_HANDLER,
        Role: Role!.Arn,
        Code: { ZipFile: zip },
        Timeout: 60,
        MemorySize: 256,
        Environment: {
          Variables: renderIngestEnvironment({
            apiBaseUrl: 'https://jsonplaceholder.typicode.com',
            db: {
              ...endpoint,
              name: DATABASE,
              credentials: { kind: 'secret', secretArn: masterSecretArn },
              ssl: true,
            },
            batchSize: 500,
            httpTimeoutMs: 5000,
            httpRetries: 0,
            logLevel: 'info',
            ingestUser: { name: INGEST_USER },
          }),
        },
      }),
    );
  }, 240_000);

  afterAll(async () => {
    await cloud?.stop();
  });

  it('runs the real migrate function: the schema and the ingestion user exist in MariaDB', async () => {
    const invoked = await lambda.send(
      new InvokeCommand({
        FunctionName: 'invoke-migrate',
        Payload: Buffer.from(JSON.stringify({ action: 'migrate' })),
        LogType: 'Tail',
      }),
    );

    const report = JSON.parse(Buffer.from(invoked.Payload!).toString('utf8')) as { statusCode: number };
    expect(invoked).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(invoked.FunctionError).toBeUndefined();
    expect(report.statusCode).toBe(200);
    const log = Buffer.from(invoked.LogResult!, 'base64').toString('utf8');
    expect(log).toMatch(/^START RequestId: /m);
    expect(log).toMatch(
      /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB/m,
    );

    const secret = await new SecretsManagerClient(clients()).send(
      new GetSecretValueCommand({ SecretId: masterSecretArn }),
    );
    const { username, password } = JSON.parse(secret.SecretString!) as { username: string; password: string };
    expect(username).toBe(MASTER_USER);
    const connection = await createConnection({
      ...endpoint,
      user: username,
      password,
      database: DATABASE,
      ssl: { ca: readFileSync(cloud.caFile!, 'utf8') },
    });
    try {
      const [tables] = await connection.query<Array<{ name: string } & RowDataPacket>>(
        'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?',
        [DATABASE],
      );
      expect(tables.map((table) => table.name).sort()).toEqual(
        expect.arrayContaining([...RESOURCE_NAMES].sort()),
      );
      const [users] = await connection.query<Array<{ n: number } & RowDataPacket>>(
        'SELECT COUNT(*) AS n FROM mysql.user WHERE user = ?',
        [INGEST_USER],
      );
      expect(users[0].n).toBe(1);
    } finally {
      await connection.end();
    }
  }, 120_000);

  it('answers a DryRun with 204 and runs nothing', async () => {
    const dryRun = await lambda.send(
      new InvokeCommand({ FunctionName: 'invoke-migrate', InvocationType: 'DryRun' }),
    );
    expect(dryRun.StatusCode).toBe(204);
  });

  it("refuses an unknown function and a payload that is not JSON with Invoke's errors", async () => {
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: Buffer.from('{}') })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'invoke-migrate', Payload: Buffer.from('not json') })),
    ).rejects.toBeInstanceOf(InvalidRequestContentException);
  });
});
