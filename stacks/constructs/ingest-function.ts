import { resourceNames } from '../resource-names';
import { type Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { VpcFunction, type VpcFunctionProps } from './vpc-function';

export interface IngestFunctionProps extends Omit<VpcFunctionProps, 'functionName' | 'description'> {
  readonly namePrefix: string;
  readonly region: string;
  /**
   * `cluster_resource_id` of the Aurora cluster: IAM database authentication grants
   * `rds-db:connect` per cluster resource id and database user.
   */
  readonly clusterResourceId: string;
  /** The MySQL user the function connects as (IAM-authenticated; created by `migrate`). */
  readonly databaseUser: string;
  /** EventBridge schedule expression. */
  readonly schedule: string;
}

/**
 * The scheduled ingestion: the function connects to Aurora as its own IAM-authenticated user (no
 * password anywhere), runs on an EventBridge schedule that starts once the schema exists, and records
 * failed asynchronous runs in an encrypted SQS queue. Runs never overlap: they take a database lock.
 */
export class IngestFunction extends VpcFunction {
  readonly failureQueue: SqsQueue;
  readonly schedule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    const functionName = resourceNames(props.namePrefix).ingestFunction;
    super(scope, id, {
      ...props,
      functionName,
      description: 'Loads the JSONPlaceholder API into Aurora MySQL (zero-ETL source)',
    });
    this.failureQueue = new SqsQueue(this, 'failures', {
      name: `${functionName}-failures`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    this.addToRolePolicy(
      {
        sid: 'ConnectAsIngestUser',
        actions: ['rds-db:connect'],
        resources: [
          `arn:aws:rds-db:${props.region}:${props.accountId}:dbuser:${props.clusterResourceId}/${props.databaseUser}`,
        ],
      },
      { sid: 'ReportFailedRuns', actions: ['sqs:SendMessage'], resources: [this.failureQueue.arn] },
    );
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
    const permission = new LambdaPermission(this, 'schedule-permission', {
      statementId: 'AllowEventBridgeSchedule',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.schedule.arn,
    });
    new CloudwatchEventTarget(this, 'schedule-target', {
      rule: this.schedule.name,
      arn: this.function.arn,
      targetId: 'ingest',
      // The function (which waits for the schema step, `dependsOn`) and the right to invoke it.
      dependsOn: [permission, this.function],
    });
  }
}
