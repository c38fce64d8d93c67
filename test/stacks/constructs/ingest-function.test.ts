import 'cdktf/lib/testing/adapters/jest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { IngestFunction, type IngestFunctionProps } from '../../../stacks/constructs/ingest-function';
import { createZip } from '../../../stacks/zip';
import { type Json } from '../support/json';

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
  accountId: '123456789012',
  bundleZip,
  subnetIds: ['subnet-a'],
  securityGroupIds: ['sg-lambda'],
  environment: {
    DB_HOST: 'aurora.example',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x',
  },
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  schedule: 'rate(5 minutes)',
  timeoutSeconds: 180,
  memoryMb: 512,
  logRetentionDays: 30,
};

describe('IngestFunction', () => {
  const json = Testing.synthScope((scope) => new IngestFunction(scope, 'ingest', props));

  it('runs the bundle on nodejs22.x in the VPC with reserved concurrency 1', () => {
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'zero-etl-test-ingest',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      reserved_concurrent_executions: 1,
      vpc_config: { subnet_ids: ['subnet-a'], security_group_ids: ['sg-lambda'] },
      environment: { variables: props.environment },
    });
  });

  it('keeps its logs for the configured time, encrypted', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/zero-etl-test-ingest',
      retention_in_days: 30,
      kms_key_id: props.kmsKeyArn,
    });
  });

  it('runs every five minutes by default', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchEventRule, {
      schedule_expression: 'rate(5 minutes)',
    });
  });

  it('may read only its one secret and decrypt only with its one key', () => {
    const documents: Json[] = Object.values(JSON.parse(json).data.aws_iam_policy_document);
    const statements = documents.flatMap((document) => document.statement);
    expect(statements.find((s) => s.sid === 'ReadDatabaseSecret').resources).toEqual([props.secretArn]);
    expect(statements.find((s) => s.sid === 'DecryptDatabaseSecret').resources).toEqual([props.kmsKeyArn]);
    expect(statements.flatMap((s) => s.actions).filter((a: string) => a.includes('*'))).toEqual([]);
  });
});
