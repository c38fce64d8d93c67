/** M1: where zero-ETL publishes its CloudWatch metrics. */

/**
 * Zero-ETL metrics are published by Redshift, every 60 seconds, with the one dimension
 * `IntegrationId` (documented per metric in "Metrics for zero-ETL integrations"); there are none in
 * AWS/RDS. That page does not name the namespace: AWS/Redshift, Redshift's own, is unverified.
 */
export const INTEGRATION_METRIC_NAMESPACE = 'AWS/Redshift';
export const INTEGRATION_METRIC_DIMENSION = 'IntegrationId';

export const INTEGRATION_METRICS = {
  lag: 'IntegrationLag',
  tablesReplicated: 'IntegrationNumTablesReplicated',
  tablesFailed: 'IntegrationNumTablesFailedReplication',
} as const;

/** Source-side change-log metrics of the Aurora cluster (AWS/RDS, per DBClusterIdentifier). */
export const SOURCE_CHANGE_LOG_METRICS = [
  'ChangeLogBytesUsed',
  'ChangeLogReadIOPs',
  'ChangeLogWriteIOPs',
] as const;
