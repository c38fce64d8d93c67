import 'cdktf/lib/testing/adapters/jest';
import { TerraformStack, Testing } from 'cdktf';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../../rules';
import { Aurora, parameterSetHash, type AuroraProps } from '../../../stacks/constructs/aurora';
import { type Json } from '../../harness/json';

Testing.setupJest();

const props: AuroraProps = {
  namePrefix: 'zero-etl-test',
  permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
  accountId: '123456789012',
  engineVersion: '8.0.mysql_aurora.3.08.2',
  instanceClass: 'db.serverless',
  serverlessV2: { minCapacity: 0.5, maxCapacity: 4 },
  databaseName: 'jsonplaceholder',
  masterUsername: 'zeroetl_admin',
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-aurora'],
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  backupRetentionDays: 7,
  logRetentionDays: 30,
  readerCount: 0,
  deletionProtection: false,
  auditEvents: ['CONNECT', 'QUERY_DCL', 'QUERY_DDL'],
  monitoringIntervalSeconds: 60,
  performanceInsightsRetentionDays: 7,
  extraParameters: {},
};

const synth = (overrides: Partial<AuroraProps> = {}) =>
  Testing.synthScope((scope) => new Aurora(scope, 'aurora', { ...props, ...overrides }));

describe('Aurora', () => {
  it('creates an encrypted cluster whose master password RDS manages with the given key', () => {
    expect(synth()).toHaveResourceWithProperties(RdsCluster, {
      engine: 'aurora-mysql',
      engine_version: '8.0.mysql_aurora.3.08.2',
      storage_encrypted: true,
      kms_key_id: props.kmsKeyArn,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: props.kmsKeyArn,
      enabled_cloudwatch_logs_exports: ['audit', 'error', 'slowquery'],
    });
    const [cluster]: Json[] = Object.values(JSON.parse(synth()).resource.aws_rds_cluster);
    expect(cluster.master_password).toBeUndefined();
  });

  it('attaches the zero-ETL parameter group at creation and never sets backtrack (A7, A9)', () => {
    const cluster: Json = Object.values(JSON.parse(synth()).resource.aws_rds_cluster)[0];
    expect(cluster.db_cluster_parameter_group_name).toMatch(
      /aws_rds_cluster_parameter_group\.aurora_parameters/,
    );
    expect(cluster.backtrack_window).toBeUndefined();
  });

  it('creates one writer plus the requested readers (A10)', () => {
    const instances = Object.values(JSON.parse(synth({ readerCount: 2 })).resource.aws_rds_cluster_instance);
    expect(instances).toHaveLength(3);
    expect(synth()).toHaveResourceWithProperties(RdsClusterInstance, {
      promotion_tier: 0,
      publicly_accessible: false,
    });
  });

  it('never upgrades the engine on its own: the running version stays the configured one', () => {
    const instances = Object.values(JSON.parse(synth({ readerCount: 1 })).resource.aws_rds_cluster_instance);
    expect(instances.map((instance) => (instance as Json).auto_minor_version_upgrade)).toEqual([
      false,
      false,
    ]);
  });

  it('protects the cluster and keeps a final snapshot only when deletion protection is on', () => {
    expect(synth()).toHaveResourceWithProperties(RdsCluster, {
      deletion_protection: false,
      skip_final_snapshot: true,
    });
    expect(synth({ deletionProtection: true })).toHaveResourceWithProperties(RdsCluster, {
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'zero-etl-test-aurora-final',
    });
  });

  it('changes the parameter hash exactly when the parameter set changes', () => {
    const base = parameterSetHash(ZERO_ETL_CLUSTER_PARAMETERS);
    const reordered = parameterSetHash([...ZERO_ETL_CLUSTER_PARAMETERS].reverse());
    const extra = parameterSetHash([
      ...ZERO_ETL_CLUSTER_PARAMETERS,
      { name: 'max_connections', value: '500', applyMethod: 'pending-reboot' },
    ]);
    expect(reordered).toBe(base);
    expect(extra).not.toBe(base);
  });

  it('re-triggers the reboot step for parameters that need a reboot, not for immediate ones (A7)', () => {
    const hashOf = (overrides: Partial<AuroraProps>) =>
      new Aurora(new TerraformStack(Testing.app(), 'test'), 'aurora', { ...props, ...overrides })
        .rebootParameterHash;
    const base = hashOf({});
    expect(hashOf({ auditEvents: ['CONNECT'] })).toBe(base);
    expect(hashOf({ extraParameters: { max_connections: '500' } })).not.toBe(base);
  });

  it('adds extra parameters with pending-reboot after the zero-ETL ones', () => {
    const group: Json = Object.values(
      JSON.parse(synth({ extraParameters: { max_connections: '500' } })).resource
        .aws_rds_cluster_parameter_group,
    )[0];
    expect(group.parameter).toContainEqual({
      name: 'max_connections',
      value: '500',
      apply_method: 'pending-reboot',
    });
    expect(group.parameter).toContainEqual({
      name: 'binlog_format',
      value: 'ROW',
      apply_method: 'pending-reboot',
    });
  });

  it('turns on audit logging for the configured events; an extra parameter of the same name wins', () => {
    const auditOf = (overrides: Partial<AuroraProps>) =>
      (
        Object.values(JSON.parse(synth(overrides)).resource.aws_rds_cluster_parameter_group)[0] as Json
      ).parameter
        .filter((p: Json) => p.name.startsWith('server_audit_'))
        .map((p: Json) => `${p.name}=${p.value}`);
    expect(auditOf({})).toEqual([
      'server_audit_logging=1',
      'server_audit_events=CONNECT,QUERY_DCL,QUERY_DDL',
    ]);
    expect(auditOf({ extraParameters: { server_audit_events: 'CONNECT' } })).toEqual([
      'server_audit_logging=1',
      'server_audit_events=CONNECT',
    ]);
  });

  it('writes the slow query log it exports (Aurora MySQL writes only the error log unless asked), without a reboot', () => {
    const parameters = (
      Object.values(JSON.parse(synth()).resource.aws_rds_cluster_parameter_group)[0] as Json
    ).parameter as Json[];
    const slowQuery = ['slow_query_log', 'long_query_time', 'log_output'].map((name) =>
      parameters.find((p) => p.name === name),
    );

    expect(slowQuery).toEqual([
      { name: 'slow_query_log', value: '1', apply_method: 'immediate' },
      { name: 'long_query_time', value: '2', apply_method: 'immediate' },
      { name: 'log_output', value: 'FILE', apply_method: 'immediate' },
    ]);
  });

  it('monitors every instance with Enhanced Monitoring and Performance Insights under the key', () => {
    expect(synth()).toHaveResourceWithProperties(RdsClusterInstance, {
      monitoring_interval: 60,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: props.kmsKeyArn,
      performance_insights_retention_period: 7,
    });
    expect(synth()).toHaveResourceWithProperties(RdsCluster, { iam_database_authentication_enabled: true });
  });
});
