/**
 * The local cloud with its data plane, end to end through the AWS SDK v3 and the operations CLI: the
 * dev environment's zero-ETL resources created by their APIs (a cluster parameter group with the
 * zero-ETL values, an Aurora MySQL cluster and its writer, a namespace with a managed admin password
 * and its workgroup, the resource policy, the integration), tables written through the cluster
 * endpoint DescribeDBClusters returns, the target database created through the Redshift Data API,
 * then `npm run zero-etl -- status dev` and `refresh dev --failed` against it: a table without a
 * primary key is Failed with its fix until the key is added and the table refreshed.
 */
import {
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  CreateIntegrationCommand,
  DescribeDBClustersCommand,
  DescribeIntegrationsCommand,
  ModifyDBClusterParameterGroupCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { PutResourcePolicyCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import {
  CreateNamespaceCommand,
  CreateWorkgroupCommand,
  RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, type Connection } from 'mysql2/promise';
import { findEnvironment } from '../../../cli/zero-etl/environment';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud/server/launcher';
import { PROJECT_ROOT } from '../../../paths';
import { INTEGRATION_AUTHORIZATION, ZERO_ETL_CLUSTER_PARAMETERS } from '../../../rules';
import { PROJECT_CONFIG } from '../../../stacks/config';

const environment = findEnvironment('dev');
const MASTER_PASSWORD = 'local-cloud-master-1';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'local-cloud-any-secret' };

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('the local cloud with its data plane (SDK v3, then npm run zero-etl)', () => {
  let cloud: LocalCloud;
  let rds: RDSClient;
  let data: RedshiftDataClient;
  let source: Connection;
  let integrationId: string;
  let secretArn: string;

  const clients = () => ({ endpoint: cloud.url, region: environment.region, credentials, maxAttempts: 1 });
  /** `npm run zero-etl -- <args>`, the real CLI, pointed at the local cloud as a user would. */
  const zeroEtl = (...args: string[]) =>
    new Promise<CliRun>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'cli/zero-etl/cli.ts', ...args],
        {
          cwd: PROJECT_ROOT,
          env: {
            ...process.env,
            AWS_ENDPOINT_URL: cloud.url,
            AWS_REGION: environment.region,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            AWS_PROFILE: '',
          },
          timeout: 120_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const until = async <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`${what} did not happen within 60 s: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const runSql = async (database: string, sql: string) => {
    const { Id } = await data.send(
      new ExecuteStatementCommand({
        WorkgroupName: environment.workgroup,
        SecretArn: secretArn,
        Database: database,
        Sql: sql,
      }),
    );
    return until(
      `statement ${sql}`,
      () => data.send(new DescribeStatementCommand({ Id })),
      (statement) => statement.Status === 'FINISHED' || statement.Status === 'FAILED',
    );
  };

  beforeAll(async () => {
    cloud = await startLocalCloud({
      accountId: PROJECT_CONFIG.bootstrap.accountId,
      dataPlane: true,
      transitionSeconds: 0,
    });
    rds = new RDSClient(clients());
    data = new RedshiftDataClient(clients());
    const serverless = new RedshiftServerlessClient(clients());
    const redshift = new RedshiftClient(clients());

    const group = 'zero-etl-local';
    await rds.send(
      new CreateDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: group,
        DBParameterGroupFamily: 'aurora-mysql8.0',
        Description: 'zero-ETL',
      }),
    );
    await rds.send(
      new ModifyDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: group,
        Parameters: ZERO_ETL_CLUSTER_PARAMETERS.map((parameter) => ({
          ParameterName: parameter.name,
          ParameterValue: parameter.value,
          ApplyMethod: parameter.applyMethod,
        })),
      }),
    );
    const { DBCluster } = await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: environment.clusterId,
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        MasterUsername: 'admin',
        MasterUserPassword: MASTER_PASSWORD,
        DatabaseName: environment.sourceDatabase,
        DBClusterParameterGroupName: group,
      }),
    );
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${environment.clusterId}-writer`,
        DBClusterIdentifier: environment.clusterId,
        DBInstanceClass: 'db.r6g.large',
        Engine: 'aurora-mysql',
      }),
    );
    const { namespace } = await serverless.send(
      new CreateNamespaceCommand({
        namespaceName: environment.namespace,
        adminUsername: 'admin',
        manageAdminPassword: true,
        dbName: environment.connectDatabase,
      }),
    );
    secretArn = namespace!.adminPasswordSecretArn!;
    await serverless.send(
      new CreateWorkgroupCommand({
        workgroupName: environment.workgroup,
        namespaceName: environment.namespace,
        configParameters: [{ parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'true' }],
      }),
    );
    await redshift.send(
      new PutResourcePolicyCommand({
        ResourceArn: namespace!.namespaceArn,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: INTEGRATION_AUTHORIZATION.sourceServicePrincipal },
              Action: INTEGRATION_AUTHORIZATION.sourceAction,
              Resource: namespace!.namespaceArn,
              Condition: {
                StringEquals: { [INTEGRATION_AUTHORIZATION.sourceArnConditionKey]: DBCluster!.DBClusterArn },
              },
            },
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${cloud.accountId}:root` },
              Action: INTEGRATION_AUTHORIZATION.creatorAction,
              Resource: namespace!.namespaceArn,
            },
          ],
        }),
      }),
    );
    const { IntegrationArn } = await rds.send(
      new CreateIntegrationCommand({
        IntegrationName: environment.integrationName,
        SourceArn: DBCluster!.DBClusterArn,
        TargetArn: namespace!.namespaceArn,
        DataFilter: environment.dataFilter,
      }),
    );
    integrationId = IntegrationArn!.split(':').pop()!;
    await until(
      'the integration becoming active',
      () => rds.send(new DescribeIntegrationsCommand({ IntegrationIdentifier: IntegrationArn })),
      ({ Integrations }) => Integrations?.[0]?.Status === 'active',
    );
  }, 180_000);

  afterAll(async () => {
    await source?.end().catch(() => undefined);
    await cloud?.stop();
  });

  it('reaches the cluster at the endpoint and port DescribeDBClusters returns', async () => {
    const { DBClusters } = await rds.send(
      new DescribeDBClustersCommand({ DBClusterIdentifier: environment.clusterId }),
    );
    const [cluster] = DBClusters!;
    expect(cluster.ReaderEndpoint).toBe(cluster.Endpoint);

    source = await createConnection({
      host: cluster.Endpoint,
      port: cluster.Port,
      user: 'admin',
      password: MASTER_PASSWORD,
      database: environment.sourceDatabase,
      ssl: { ca: readFileSync(cloud.caFile!, 'utf8') },
    });
    await source.query('CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2)) ENGINE=InnoDB');
    await source.query('INSERT INTO orders VALUES (1, 9.50), (2, 12.00), (3, 3.25)');
    await source.query('CREATE TABLE audit_log (id INT NOT NULL, note VARCHAR(40)) ENGINE=InnoDB');
    await source.query("INSERT INTO audit_log VALUES (1, 'created'), (2, 'paid')");

    const [rows] = await source.query('SELECT COUNT(*) AS n FROM orders');
    expect(rows).toEqual([{ n: 3 }]);
  });

  it('creates the target database FROM INTEGRATION through the Data API and replicates into it', async () => {
    const created = await runSql(
      environment.connectDatabase,
      `CREATE DATABASE "${environment.targetDatabase}" FROM INTEGRATION '${integrationId}'`,
    );
    expect(created).toMatchObject({ Status: 'FINISHED', HasResultSet: false });

    await cloud.bridge!.dataPlane.integration(integrationId).caughtUp();
    const counted = await runSql(
      environment.targetDatabase,
      `SELECT COUNT(*), SUM(amount) FROM "${environment.sourceDatabase}".orders`,
    );
    expect(counted.Status).toBe('FINISHED');
    const result = await data.send(new GetStatementResultCommand({ Id: counted.Id }));
    expect(result.Records).toEqual([[{ longValue: 3 }, { stringValue: '24.75' }]]);
    expect(result.ColumnMetadata?.map((column) => column.typeName)).toEqual(['int8', 'numeric']);

    const missing = await runSql(environment.targetDatabase, 'SELECT * FROM no_such_table');
    expect(missing).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: relation "no_such_table" does not exist',
    });
  });

  it('zero-etl status: the table without a primary key is Failed with its fix (exit 1); refresh --failed after ALTER TABLE brings it to Synced (exit 0)', async () => {
    const failing = await zeroEtl('status', 'dev');
    process.stdout.write(`$ npm run zero-etl -- status dev   # exit ${failing.code}\n${failing.stdout}\n`);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('NEEDS ATTENTION');
    expect(failing.stdout).toMatch(new RegExp(`${environment.sourceDatabase}\\.audit_log +Failed`));
    expect(failing.stdout).toContain(
      `fix: S1: on Aurora, ALTER TABLE \`${environment.sourceDatabase}\`.\`audit_log\` ADD PRIMARY KEY`,
    );
    expect(failing.stdout).toMatch(new RegExp(`${environment.sourceDatabase}\\.orders +Synced`));

    await source.query('ALTER TABLE audit_log ADD PRIMARY KEY (id)');
    const refreshed = await zeroEtl('refresh', 'dev', '--failed', '--timeout', '60s');
    process.stdout.write(
      `$ npm run zero-etl -- refresh dev --failed   # exit ${refreshed.code}\n${refreshed.stderr}${refreshed.stdout}\n`,
    );
    expect(refreshed.code).toBe(0);

    const healthy = await zeroEtl('status', 'dev');
    process.stdout.write(`$ npm run zero-etl -- status dev   # exit ${healthy.code}\n${healthy.stdout}\n`);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toContain('healthy');
    expect(healthy.stdout).toMatch(new RegExp(`${environment.sourceDatabase}\\.audit_log +Synced`));
  }, 120_000);

  it('zero-etl status: a static zero-ETL parameter changed on the cluster shows as drift, the writer pending-reboot (exit 1)', async () => {
    // Someone sets binlog_row_image back to MINIMAL outside Terraform; RDS applies a static
    // parameter at the next reboot, so the writer reads pending-reboot until then.
    await rds.send(
      new ModifyDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: 'zero-etl-local',
        Parameters: [
          { ParameterName: 'binlog_row_image', ParameterValue: 'MINIMAL', ApplyMethod: 'pending-reboot' },
        ],
      }),
    );
    await until(
      'the writer going pending-reboot',
      () => rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: environment.clusterId })),
      ({ DBClusters }) =>
        (DBClusters?.[0]?.DBClusterMembers ?? []).some(
          (member) => member.DBClusterParameterGroupStatus === 'pending-reboot',
        ),
    );

    const drifted = await zeroEtl('status', 'dev');
    process.stdout.write(`$ npm run zero-etl -- status dev   # exit ${drifted.code}\n${drifted.stdout}\n`);

    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/^parameters +DRIFTED; pending-reboot: \S+/m);
    expect(drifted.stdout).toMatch(/binlog_row_image +MINIMAL +full/i);
    expect(drifted.stdout).toContain('wait for a reboot to apply parameter changes');
  }, 120_000);
});
