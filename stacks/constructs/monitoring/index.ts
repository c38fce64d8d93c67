import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { policyDocument } from '../policy-document';
import { alarmSpecs } from './alarms';
import { dashboardBody } from './dashboard';

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
  /** Alarm when IntegrationLag exceeds this many seconds. */
  readonly integrationLagThresholdSeconds: number;
  /** @default - no email subscription */
  readonly alarmEmail?: string;
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

    const specs = alarmSpecs({
      functionName: props.functionName,
      functionTimeoutSeconds: props.functionTimeoutSeconds,
      failureQueueName: props.failureQueueName,
      integrationId: props.integrationId,
      integrationLagThresholdSeconds: props.integrationLagThresholdSeconds,
    });
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
          treatMissingData: spec.treatMissingData ?? 'notBreaching',
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
    );

    const dashboardName = `${props.namePrefix}-zero-etl`;
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName,
      dashboardBody: Fn.jsonencode(dashboardBody(props)),
    });
    this.dashboardUrl = `https://${props.region}.console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards/dashboard/${dashboardName}`;
  }
}
