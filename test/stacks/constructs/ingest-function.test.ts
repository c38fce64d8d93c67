import 'cdktf/lib/testing/adapters/jest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataResource, Testing } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { IngestFunction, type IngestFunctionProps } from '../../../stacks/constructs/ingest-function';
import { MigrateFunction } from '../../../stacks/constructs/migrate-function';
import { createZip } from '../../../lambda/zip';
import { type Json } from '../../harness/json';

Testing.setupJest();

const bundleZip = join(mkdtempSync(join(tmpdir(), 'ingest-bundle-')), 'bundle.zip');
writeFileSync(
  bundleZip,
  createZip([
    { name: 'index.js', data: Buffer.from('exports.handler = async () => ({ statusCode: 200 });') },
  ]),
);

const props: IngestFunctionProps = {
  namePrefix: 'zero-etl-test',
  region: 'eu-west-1',
  accountId: '123456789012',
  permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
  bundleZip,
  subnetIds: ['subnet-a'],
  securityGroupIds: ['sg-lambda'],
  environment: { DB_HOST: 'aurora.example', DB_IAM_USER: 'zeroetl_ingest' },
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  clusterResourceId: 'cluster-ABCDEFGHIJKL',
  databaseUser: 'zeroetl_ingest',
  schedule: 'rate(5 minutes)',
  dependsOn: [],
  timeoutSeconds: 180,
  memoryMb: 512,
  logRetentionDays: 30,
};

const statementsOf = (json: string): Json[] =>
  (Object.values(JSON.parse(json).data.aws_iam_policy_document) as Json[]).flatMap(
    (document) => document.statement,
  );

describe('IngestFunction', () => {
  const json = Testing.synthScope((scope) => new IngestFunction(scope, 'ingest', props));

  it("logs JSON at AWS's default levels, written out so that a published function plans no new version every time", () => {
    const [fn]: Json[] = Object.values(JSON.parse(json).resource.aws_lambda_function);

    expect(fn.publish).toBe(true);
    expect(fn.logging_config).toMatchObject({
      log_format: 'JSON',
      application_log_level: 'INFO',
      system_log_level: 'INFO',
    });
  });

  it('runs the bundle on nodejs22.x in the VPC, reserving no concurrency by default (L1)', () => {
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'zero-etl-test-ingest',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      vpc_config: { subnet_ids: ['subnet-a'], security_group_ids: ['sg-lambda'] },
      environment: { variables: props.environment },
    });
    const [fn]: Json[] = Object.values(JSON.parse(json).resource.aws_lambda_function);
    // A new account's quota (10) cannot spare even one reserved execution: reserving is opt-in.
    expect(fn.reserved_concurrent_executions).toBeUndefined();
  });

  it('reserves concurrency only when asked', () => {
    const reserved = Testing.synthScope(
      (scope) => new IngestFunction(scope, 'ingest', { ...props, reservedConcurrency: 2 }),
    );
    expect(reserved).toHaveResourceWithProperties(LambdaFunction, { reserved_concurrent_executions: 2 });
  });

  it('keeps its logs for the configured time, encrypted', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/zero-etl-test-ingest',
      retention_in_days: 30,
      kms_key_id: props.kmsKeyArn,
    });
  });

  it('deploys its code, and starts the schedule, only after what it depends on (the schema step)', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchEventRule, {
      schedule_expression: 'rate(5 minutes)',
    });
    const after = JSON.parse(
      Testing.synthScope((scope) => {
        const schema = new DataResource(scope, 'schema-step');
        new IngestFunction(scope, 'ingest', { ...props, dependsOn: [schema] });
      }),
    );
    const [lambda]: Json[] = Object.values(after.resource.aws_lambda_function);
    expect(lambda.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^terraform_data\.schema-step/)]),
    );
    const [target]: Json[] = Object.values(after.resource.aws_cloudwatch_event_target);
    expect(target.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_lambda_function\./)]),
    );
  });

  it('connects as its IAM-authenticated user only: rds-db:connect on that user, no secret, no key', () => {
    const statements = statementsOf(json);
    expect(statements.find((s) => s.sid === 'ConnectAsIngestUser')).toMatchObject({
      actions: ['rds-db:connect'],
      resources: ['arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-ABCDEFGHIJKL/zeroetl_ingest'],
    });
    const actions = statements.flatMap((s) => s.actions as string[]);
    expect(
      actions.filter((action) => action.startsWith('secretsmanager:') || action.startsWith('kms:')),
    ).toEqual([]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('names its role after the function and gives it the permissions boundary', () => {
    expect(json).toHaveResourceWithProperties(IamRole, {
      name: 'zero-etl-test-ingest-role',
      permissions_boundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });
  });
});

describe('MigrateFunction', () => {
  const json = Testing.synthScope(
    (scope) =>
      new MigrateFunction(scope, 'migrate', {
        ...props,
        environment: { DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:master' },
        masterSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:master',
        secretKmsKeyArn: props.kmsKeyArn,
      }),
  );

  it('alone may read the master secret and decrypt it', () => {
    const statements = statementsOf(json);
    expect(statements.find((s) => s.sid === 'ReadMasterSecret').resources).toEqual([
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:master',
    ]);
    expect(statements.find((s) => s.sid === 'DecryptMasterSecret').resources).toEqual([props.kmsKeyArn]);
    expect(json).toHaveResourceWithProperties(LambdaFunction, { function_name: 'zero-etl-test-migrate' });
    expect(JSON.parse(json).resource.aws_cloudwatch_event_rule).toBeUndefined();
  });
});
