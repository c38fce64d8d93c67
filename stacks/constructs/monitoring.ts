import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { policyDocument } from './policy-document';

/** M: zero-ETL metrics are published by Redshift, per integration id (not in AWS/RDS). */
export const INTEGRATION_METRIC_NAMESPACE = 'AWS/Redshift';

export interface MonitoringProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
  readonly functionName: string;
  /** The function's timeout: the Duration alarm fires above 80% of it. */
  readonly functionTimeoutSeconds: number;
  readonly failureQueueName: string;
  /** R11 integration id (last ARN segment). */
  readonly integrationId: string;
  readonly clusterId: string;
  /** @default 900 */
  readonly integrationLagThresholdSeconds?: number;
  /** @default - no email subscription */
  readonly alarmEmail?: string;
}

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: 'Sum' | 'Maximum';
  readonly threshold: number;
  readonly comparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
  readonly period: number;
  readonly evaluationPeriods: number;
}

/** Alarm topic (KMS, TLS-only), alarms on the function, its failure queue and the integration, a dashboard. */
export class Monitoring extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[];
  readonly dashboard: CloudwatchDashboard;
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'alarms', {
      name: `${props.namePrefix}-alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    const topicPolicy = policyDocument(this, 'topic-policy', [
      {
        sid: 'CloudWatchAlarmsPublish',
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        principals: { Service: ['cloudwatch.amazonaws.com'] },
        conditions: { StringEquals: { 'aws:SourceAccount': [props.accountId] } },
      },
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['sns:Publish', 'sns:Subscribe'],
        resources: [this.topic.arn],
        principals: { AWS: ['*'] },
        conditions: { Bool: { 'aws:SecureTransport': ['false'] } },
      },
    ]);
    new SnsTopicPolicy(this, 'alarms-policy', { arn: this.topic.arn, policy: topicPolicy.json });
    if (props.alarmEmail) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: props.alarmEmail,
      });
    }

    const fn = { FunctionName: props.functionName };
    const integration = { IntegrationId: props.integrationId };
    const specs: AlarmSpec[] = [
      {
        id: 'lambda-errors',
        description: 'The ingestion function failed',
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: fn,
        statistic: 'Sum',
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        period: 300,
        evaluationPeriods: 1,
      },
      {
        id: 'lambda-throttles',
        description: 'The ingestion function was throttled (a run overlapped the previous one)',
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: fn,
        statistic: 'Sum',
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        period: 300,
        evaluationPeriods: 1,
      },
      {
        id: 'lambda-duration',
        description: 'An ingestion run took more than 80% of the function timeout',
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: fn,
        statistic: 'Maximum',
        threshold: Math.round(props.functionTimeoutSeconds * 1000 * 0.8),
        comparisonOperator: 'GreaterThanThreshold',
        period: 300,
        evaluationPeriods: 1,
      },
      {
        id: 'failed-runs',
        description: 'A failed ingestion run was recorded in the failure queue',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: props.failureQueueName },
        statistic: 'Maximum',
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        period: 300,
        evaluationPeriods: 1,
      },
      {
        id: 'integration-lag',
        description: 'Zero-ETL replication lag is above the threshold',
        namespace: INTEGRATION_METRIC_NAMESPACE,
        metricName: 'IntegrationLag',
        dimensions: integration,
        statistic: 'Maximum',
        threshold: props.integrationLagThresholdSeconds ?? 900,
        comparisonOperator: 'GreaterThanThreshold',
        period: 60,
        evaluationPeriods: 5,
      },
      {
        id: 'integration-failed-tables',
        description: 'A table failed to replicate (see SVV_INTEGRATION_TABLE_STATE)',
        namespace: INTEGRATION_METRIC_NAMESPACE,
        metricName: 'IntegrationNumTablesFailedReplication',
        dimensions: integration,
        statistic: 'Maximum',
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        period: 60,
        evaluationPeriods: 1,
      },
    ];
    this.alarms = specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.id, {
          alarmName: `${props.namePrefix}-${spec.id}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          period: spec.period,
          evaluationPeriods: spec.evaluationPeriods,
          treatMissingData: 'notBreaching',
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
    );

    const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
      type: 'metric',
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region: props.region, view: 'timeSeries', stat: 'Maximum', period: 60, metrics },
    });
    const dashboardName = `${props.namePrefix}-zero-etl`;
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName,
      dashboardBody: Fn.jsonencode({
        widgets: [
          widget(
            'Integration lag (s)',
            [[INTEGRATION_METRIC_NAMESPACE, 'IntegrationLag', 'IntegrationId', props.integrationId]],
            0,
            0,
          ),
          widget(
            'Replicated / failed tables',
            [
              [
                INTEGRATION_METRIC_NAMESPACE,
                'IntegrationNumTablesReplicated',
                'IntegrationId',
                props.integrationId,
              ],
              [
                INTEGRATION_METRIC_NAMESPACE,
                'IntegrationNumTablesFailedReplication',
                'IntegrationId',
                props.integrationId,
              ],
            ],
            12,
            0,
          ),
          widget(
            'Ingestion function',
            [
              ['AWS/Lambda', 'Errors', 'FunctionName', props.functionName, { stat: 'Sum' }],
              ['AWS/Lambda', 'Throttles', 'FunctionName', props.functionName, { stat: 'Sum' }],
              ['AWS/Lambda', 'Duration', 'FunctionName', props.functionName],
            ],
            0,
            6,
          ),
          widget(
            'Aurora change log',
            [
              ['AWS/RDS', 'ChangeLogBytesUsed', 'DBClusterIdentifier', props.clusterId],
              ['AWS/RDS', 'ChangeLogReadIOPs', 'DBClusterIdentifier', props.clusterId],
              ['AWS/RDS', 'ChangeLogWriteIOPs', 'DBClusterIdentifier', props.clusterId],
            ],
            12,
            6,
          ),
        ],
      }),
    });
    this.dashboardUrl = `https://${props.region}.console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards/dashboard/${dashboardName}`;
  }
}
