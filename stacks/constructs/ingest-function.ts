import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { policyDocument } from './policy-document';

export const INGEST_RUNTIME = 'nodejs22.x';
export const INGEST_HANDLER = 'index.handler';

/** The network-interface actions a VPC Lambda needs (EC2 does not scope them to resources). */
export const VPC_ACCESS_ACTIONS = [
  'ec2:AssignPrivateIpAddresses',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** What active X-Ray tracing needs (X-Ray has no resource-level permissions for them). */
export const TRACING_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] as const;

export interface IngestFunctionProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** Zip of the esbuild bundle (`index.js` at its root), wrapped in a TerraformAsset. */
  readonly bundleZip: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Non-secret settings only (the database password is read from `secretArn` at run time). */
  readonly environment: Readonly<Record<string, string>>;
  /** The one secret the function may read. */
  readonly secretArn: string;
  /** The key that encrypts that secret and the log group. */
  readonly kmsKeyArn: string;
  /** EventBridge schedule expression. */
  readonly schedule: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Days the function's log group keeps events. */
  readonly logRetentionDays: number;
}

/**
 * The scheduled ingestion Lambda: esbuild bundle as a TerraformAsset, in the VPC's private
 * subnets, reserved concurrency 1 (runs never overlap), active X-Ray tracing, a least-privilege role
 * (its logs, one secret, one key, VPC access, traces, its failure queue), failed async runs land in
 * an encrypted SQS queue (an on-failure destination, the successor of a dead-letter queue).
 */
export class IngestFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly failureQueue: SqsQueue;
  readonly schedule: CloudwatchEventRule;
  readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const functionName = `${props.namePrefix}-ingest`;
    this.timeoutSeconds = props.timeoutSeconds;

    const asset = new TerraformAsset(this, 'bundle', { path: props.bundleZip, type: AssetType.FILE });
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.failureQueue = new SqsQueue(this, 'failures', {
      name: `${functionName}-failures`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });

    const trust = policyDocument(this, 'trust', [
      {
        sid: 'LambdaAssumesRole',
        actions: ['sts:AssumeRole'],
        resources: [],
        principals: { Service: ['lambda.amazonaws.com'] },
        conditions: { StringEquals: { 'aws:SourceAccount': [props.accountId] } },
      },
    ]);
    this.role = new IamRole(this, 'role', { name: `${functionName}-role`, assumeRolePolicy: trust.json });
    const permissions = policyDocument(this, 'permissions', [
      {
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroup.arn}:*`],
      },
      {
        sid: 'ReadDatabaseSecret',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [props.secretArn],
      },
      { sid: 'DecryptDatabaseSecret', actions: ['kms:Decrypt'], resources: [props.kmsKeyArn] },
      { sid: 'AttachToVpc', actions: VPC_ACCESS_ACTIONS, resources: ['*'] },
      { sid: 'SendTraces', actions: TRACING_ACTIONS, resources: ['*'] },
      { sid: 'ReportFailedRuns', actions: ['sqs:SendMessage'], resources: [this.failureQueue.arn] },
    ]);
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: permissions.json,
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName,
      description: 'Loads the JSONPlaceholder API into Aurora MySQL (zero-ETL source)',
      role: this.role.arn,
      runtime: INGEST_RUNTIME,
      handler: INGEST_HANDLER,
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: this.timeoutSeconds,
      memorySize: props.memoryMb,
      reservedConcurrentExecutions: 1,
      publish: true,
      vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      environment: { variables: { ...props.environment } },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      tracingConfig: { mode: 'Active' },
      dependsOn: [this.logGroup, rolePolicy],
    });
    new LambdaFunctionEventInvokeConfig(this, 'async-config', {
      functionName: this.function.functionName,
      // The next scheduled run retries anyway; a failed run is recorded in the queue instead.
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
    });

    this.schedule = new CloudwatchEventRule(this, 'schedule', {
      name: `${functionName}-schedule`,
      description: 'Runs the ingestion',
      scheduleExpression: props.schedule,
    });
    new CloudwatchEventTarget(this, 'schedule-target', {
      rule: this.schedule.name,
      arn: this.function.arn,
      targetId: 'ingest',
    });
    new LambdaPermission(this, 'schedule-permission', {
      statementId: 'AllowEventBridgeSchedule',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.schedule.arn,
    });
  }
}
