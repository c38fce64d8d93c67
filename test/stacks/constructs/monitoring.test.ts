import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Monitoring, type MonitoringProps } from '../../../stacks/constructs/monitoring';
import { type Json } from '../../harness/json';

Testing.setupJest();

const props: MonitoringProps = {
  namePrefix: 'zero-etl-test',
  region: 'eu-west-1',
  accountId: '123456789012',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  functionName: 'zero-etl-test-ingest',
  functionTimeoutSeconds: 120,
  failureQueueName: 'zero-etl-test-ingest-failures',
  integrationId: 'abcd-1234',
  clusterId: 'zero-etl-test-aurora',
  integrationLagThresholdSeconds: 900,
};

const synth = (overrides: Partial<MonitoringProps> = {}) =>
  Testing.synthScope((scope) => new Monitoring(scope, 'monitoring', { ...props, ...overrides }));
const alarms = (json: string): Json[] => Object.values(JSON.parse(json).resource.aws_cloudwatch_metric_alarm);

describe('Monitoring', () => {
  it('has exactly the alarm set of the specs: failures, throttles, duration, failed runs, lag, failed tables', () => {
    expect(
      alarms(synth())
        .map((alarm) => `${alarm.alarm_name} ${alarm.namespace}/${alarm.metric_name}`)
        .sort(),
    ).toEqual([
      'zero-etl-test-failed-runs AWS/SQS/ApproximateNumberOfMessagesVisible',
      'zero-etl-test-integration-failed-tables AWS/Redshift/IntegrationNumTablesFailedReplication',
      'zero-etl-test-integration-lag AWS/Redshift/IntegrationLag',
      'zero-etl-test-lambda-duration AWS/Lambda/Duration',
      'zero-etl-test-lambda-errors AWS/Lambda/Errors',
      'zero-etl-test-lambda-throttles AWS/Lambda/Throttles',
    ]);
    for (const alarm of alarms(synth())) {
      expect(alarm).toMatchObject({ alarm_actions: [expect.any(String)] });
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    }
  });

  it('reads a silent lag metric as a fault, and every other missing datum as nothing wrong', () => {
    // IntegrationLag is published every 60 s: its absence means the integration stopped reporting
    // or the alarm watches the wrong place; errors, throttles and failed tables are only published when they happen.
    expect(
      Object.fromEntries(alarms(synth()).map((alarm) => [alarm.metric_name, alarm.treat_missing_data])),
    ).toEqual({
      ApproximateNumberOfMessagesVisible: 'notBreaching',
      Duration: 'notBreaching',
      Errors: 'notBreaching',
      IntegrationLag: 'breaching',
      IntegrationNumTablesFailedReplication: 'notBreaching',
      Throttles: 'notBreaching',
    });
  });

  it('publishes alarms to a KMS-encrypted topic, with an email subscription only when configured', () => {
    expect(synth()).toHaveResourceWithProperties(SnsTopic, { kms_master_key_id: props.kmsKeyArn });
    expect(synth()).not.toHaveResource(SnsTopicSubscription);
    expect(synth({ alarmEmail: 'ops@example.com' })).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
  });

  it('alarms when a run takes more than 80% of the function timeout', () => {
    const duration = alarms(synth()).find((alarm) => alarm.metric_name === 'Duration');
    expect(duration).toMatchObject({ threshold: 96_000, statistic: 'Maximum', namespace: 'AWS/Lambda' });
  });

  it('watches the integration by id in AWS/Redshift: lag over the threshold and any failed table (M)', () => {
    const byMetric = Object.fromEntries(
      alarms(synth({ integrationLagThresholdSeconds: 300 })).map((a) => [a.metric_name, a]),
    );
    expect(byMetric.IntegrationLag).toMatchObject({
      namespace: 'AWS/Redshift',
      dimensions: { IntegrationId: 'abcd-1234' },
      threshold: 300,
      comparison_operator: 'GreaterThanThreshold',
    });
    expect(byMetric.IntegrationNumTablesFailedReplication).toMatchObject({
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
    expect(byMetric.Errors.alarm_actions).toHaveLength(1);
    expect(byMetric.Throttles).toBeDefined();
  });

  it('draws a dashboard of the integration, the function and the change log', () => {
    const json = synth();
    expect(json).toHaveResourceWithProperties(CloudwatchDashboard, {
      dashboard_name: 'zero-etl-test-zero-etl',
    });
    const [dashboard]: Json[] = Object.values(JSON.parse(json).resource.aws_cloudwatch_dashboard);
    expect(dashboard.dashboard_body).toContain('IntegrationLag');
    expect(dashboard.dashboard_body).toContain('ChangeLogBytesUsed');
  });
});
