/**
 * The alarms of one environment, as data: adding an alarm is one entry here (see CONTRIBUTING.md).
 * Pure; the Monitoring construct turns each spec into an aws_cloudwatch_metric_alarm.
 */
import {
  INTEGRATION_METRICS,
  INTEGRATION_METRIC_DIMENSION,
  INTEGRATION_METRIC_NAMESPACE,
} from '../../../rules';

export interface AlarmSpec {
  /** Construct id and alarm-name suffix, e.g. `lambda-errors`. */
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: 'Sum' | 'Maximum';
  readonly threshold: number;
  readonly comparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
  readonly period: number;
  readonly evaluationPeriods: number;
  /**
   * What a period without data means. `breaching` only for a metric AWS publishes on a fixed
   * schedule, whose absence is itself a fault. @default 'notBreaching'
   */
  readonly treatMissingData?: 'breaching' | 'notBreaching';
}

export interface AlarmInputs {
  readonly functionName: string;
  /** The function's timeout: the Duration alarm fires above 80% of it. */
  readonly functionTimeoutSeconds: number;
  readonly failureQueueName: string;
  /** R11 integration id. */
  readonly integrationId: string;
  readonly integrationLagThresholdSeconds: number;
}

/** Share of the function timeout a run may take before the Duration alarm fires. */
export const DURATION_ALARM_SHARE = 0.8;

export function alarmSpecs(inputs: AlarmInputs): AlarmSpec[] {
  const fn = { FunctionName: inputs.functionName };
  const integration = { [INTEGRATION_METRIC_DIMENSION]: inputs.integrationId };
  const everyFiveMinutes = { period: 300, evaluationPeriods: 1 } as const;
  return [
    {
      id: 'lambda-errors',
      description: 'The ingestion function failed',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: fn,
      statistic: 'Sum',
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...everyFiveMinutes,
    },
    {
      id: 'lambda-throttles',
      description:
        "The ingestion function was throttled (the account's concurrency, or its reservation, was exhausted)",
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      dimensions: fn,
      statistic: 'Sum',
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...everyFiveMinutes,
    },
    {
      id: 'lambda-duration',
      description: `An ingestion run took more than ${DURATION_ALARM_SHARE * 100}% of the function timeout`,
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: fn,
      statistic: 'Maximum',
      threshold: Math.round(inputs.functionTimeoutSeconds * 1000 * DURATION_ALARM_SHARE),
      comparisonOperator: 'GreaterThanThreshold',
      ...everyFiveMinutes,
    },
    {
      id: 'failed-runs',
      description: 'A failed ingestion run was recorded in the failure queue',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: inputs.failureQueueName },
      statistic: 'Maximum',
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...everyFiveMinutes,
    },
    {
      id: 'integration-lag',
      description: 'Zero-ETL replication lag is above the threshold',
      namespace: INTEGRATION_METRIC_NAMESPACE,
      metricName: INTEGRATION_METRICS.lag,
      dimensions: integration,
      statistic: 'Maximum',
      threshold: inputs.integrationLagThresholdSeconds,
      comparisonOperator: 'GreaterThanThreshold',
      period: 60,
      evaluationPeriods: 5,
      // Redshift publishes IntegrationLag every 60 seconds (M1). Five minutes without it means the
      // integration stopped reporting, or the metric is not where this alarm looks (its namespace
      // is unverified): either must page someone rather than read as "no lag".
      treatMissingData: 'breaching',
    },
    {
      id: 'integration-failed-tables',
      description: 'A table failed to replicate (see SVV_INTEGRATION_TABLE_STATE)',
      namespace: INTEGRATION_METRIC_NAMESPACE,
      metricName: INTEGRATION_METRICS.tablesFailed,
      dimensions: integration,
      statistic: 'Maximum',
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      period: 60,
      evaluationPeriods: 1,
    },
  ];
}
