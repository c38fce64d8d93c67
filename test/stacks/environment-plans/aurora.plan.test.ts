/**
 * dev and prod, each synthesized from the shipped configuration and planned with real offline terraform
 * (once per jest run: test/harness/stack-plans.ts caches plans by content). This file: zero-ETL's Aurora
 * source: engine, parameter group, instances, logs and encryption.
 */
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import {
  configured,
  onlyPlanned,
  planStack,
  planned,
  policyDocumentAddress,
  policyStatements,
  references,
  type PlannedStack,
} from '../../harness/stack-plans';

const config = parseConfig(PROJECT_CONFIG, {});
const BINLOG_STATIC = [
  'aurora_enhanced_binlog',
  'binlog_backup',
  'binlog_format',
  'binlog_replication_globaldb',
];
describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline: the Aurora source',
  (name, environment) => {
    let stack: PlannedStack;
    beforeAll(async () => {
      stack = await planStack(name);
    }, 240_000);

    describe('Aurora source', () => {
      it('runs aurora-mysql 3.05.2 or later (A1)', () => {
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        expect(cluster.engine).toBe('aurora-mysql');
        const [major, minor, patch] = String(cluster.engine_version).split('.').slice(-3).map(Number);
        expect(major * 10_000 + minor * 100 + patch).toBeGreaterThanOrEqual(3 * 10_000 + 5 * 100 + 2);
      });

      it('attaches a cluster parameter group with the zero-ETL binlog settings at creation (A3, A4, A5, A7)', () => {
        const group = onlyPlanned(stack, 'aws_rds_cluster_parameter_group').values;
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        const parameters = new Map(
          (group.parameter as Array<{ name: string; value: string; apply_method: string }>).map((p) => [
            p.name,
            p,
          ]),
        );
        expect(group.family).toBe('aurora-mysql8.0');
        expect(cluster.db_cluster_parameter_group_name).toBe(group.name);
        expect(Object.fromEntries([...parameters].map(([key, p]) => [key, p.value]))).toMatchObject({
          aurora_enhanced_binlog: '1',
          binlog_backup: '0',
          binlog_format: 'ROW',
          binlog_replication_globaldb: '0',
          binlog_row_image: 'full',
          binlog_row_metadata: 'full',
          binlog_transaction_compression: 'OFF',
          require_secure_transport: 'ON',
        });
        for (const parameter of BINLOG_STATIC)
          expect(parameters.get(parameter)?.apply_method).toBe('pending-reboot');
        expect(parameters.get('binlog_row_value_options')?.value ?? '').not.toMatch(/PARTIAL_JSON/i);
      });

      it('has no backtrack (A9) and at least one writer instance, private (A10)', () => {
        expect(onlyPlanned(stack, 'aws_rds_cluster').values.backtrack_window ?? 0).toBe(0);
        const instances = planned(stack, 'aws_rds_cluster_instance');
        expect(instances.length).toBe(1 + environment.aurora.readerCount);
        expect(instances.every((instance) => instance.values.publicly_accessible === false)).toBe(true);
      });

      it('encrypts storage and the RDS-managed master secret with the customer-managed key', () => {
        const cluster = onlyPlanned(stack, 'aws_rds_cluster');
        const block = configured(stack, cluster.address);
        expect(cluster.values.storage_encrypted).toBe(true);
        expect(cluster.values.manage_master_user_password).toBe(true);
        expect(cluster.values.master_password).toBeNull();
        const key = onlyPlanned(stack, 'aws_kms_key').address;
        expect(references(block, 'kms_key_id')).toContain(key);
        expect(references(block, 'master_user_secret_kms_key_id')).toContain(key);
        expect(onlyPlanned(stack, 'aws_kms_key').values.enable_key_rotation).toBe(true);
      });

      it('keeps backups, exports logs, and protects prod from deletion', () => {
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        expect(cluster.backup_retention_period).toBe(environment.aurora.backupRetentionDays);
        expect(cluster.enabled_cloudwatch_logs_exports).toEqual(['audit', 'error', 'slowquery']);
        expect(cluster.deletion_protection).toBe(environment.aurora.deletionProtection);
        expect(cluster.skip_final_snapshot).toBe(!environment.aurora.deletionProtection);
        if (name === 'prod') expect(cluster.final_snapshot_identifier).toBe('zero-etl-prod-aurora-final');
      });

      it('audits connections and DCL/DDL into the exported audit log, and allows IAM database authentication', () => {
        const group = onlyPlanned(stack, 'aws_rds_cluster_parameter_group').values;
        const parameters = Object.fromEntries(
          (group.parameter as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]),
        );
        expect(parameters).toMatchObject({
          server_audit_logging: '1',
          server_audit_events: environment.aurora.auditEvents.join(','),
        });
        expect(environment.aurora.auditEvents).toEqual(
          expect.arrayContaining(['CONNECT', 'QUERY_DCL', 'QUERY_DDL']),
        );
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        expect(cluster.iam_database_authentication_enabled).toBe(true);
        const logGroups = planned(stack, 'aws_cloudwatch_log_group').map((g) => g.values.name);
        expect(logGroups).toContain(`/aws/rds/cluster/${environment.namePrefix}-aurora/audit`);
      });

      it('runs Enhanced Monitoring and Performance Insights (encrypted with the key) on every instance', () => {
        const key = onlyPlanned(stack, 'aws_kms_key').address;
        const roles = planned(stack, 'aws_iam_role');
        for (const instance of planned(stack, 'aws_rds_cluster_instance')) {
          expect(instance.values).toMatchObject({
            monitoring_interval: environment.aurora.monitoringIntervalSeconds,
            performance_insights_enabled: true,
            performance_insights_retention_period: environment.aurora.performanceInsightsRetentionDays,
          });
          const block = configured(stack, instance.address);
          expect(references(block, 'performance_insights_kms_key_id')).toContain(key);
          const [roleArn] = references(block, 'monitoring_role_arn');
          const role = roles.find((candidate) => roleArn === `${candidate.address}.arn`)!;
          const trust = policyStatements(stack).find(
            (s) => s.document === policyDocumentAddress(stack, role.address, 'assume_role_policy'),
          )!.statement;
          expect(trust.principals).toEqual([
            { type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] },
          ]);
        }
        const attachments = planned(stack, 'aws_iam_role_policy_attachment').map((a) => a.values.policy_arn);
        expect(attachments).toContain('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
      });
    });
  },
);
