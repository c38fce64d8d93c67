import { resourceNames } from '../resource-names';
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { AURORA_ENGINE, AURORA_PARAMETER_GROUP_FAMILY, ZERO_ETL_CLUSTER_PARAMETERS } from '../../rules';
import { serviceRole } from './service-role';
import { WORKLOAD_MANAGED_POLICY_ARNS, WORKLOAD_SERVICES } from './workload-roles';

export interface ClusterParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: 'immediate' | 'pending-reboot';
}

/** Stable hash of a parameter set: changes exactly when a name, value or apply method changes. */
export function parameterSetHash(parameters: readonly ClusterParameter[]): string {
  const canonical = [...parameters]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => `${p.name}=${p.value}:${p.applyMethod}`)
    .join('\n');
  return createHash('sha256').update(canonical).digest('hex');
}

export const AURORA_LOG_EXPORTS = ['audit', 'error', 'slowquery'] as const;

/** Queries slower than this many seconds go to the exported slow query log. */
export const SLOW_QUERY_SECONDS = 2;

/**
 * The slow query log: Aurora MySQL writes only its error log by default, the slow query log when
 * the parameter group asks for it ("Overview of Aurora MySQL database logs"; AWS's example:
 * slow_query_log 1, long_query_time, log_output FILE, in "Configuring your database to monitor slow
 * SQL queries"). Without them the exported `slowquery` log stays empty. All apply without a reboot.
 */
export function slowQueryParameters(): ClusterParameter[] {
  return [
    { name: 'slow_query_log', value: '1', applyMethod: 'immediate' },
    { name: 'long_query_time', value: String(SLOW_QUERY_SECONDS), applyMethod: 'immediate' },
    { name: 'log_output', value: 'FILE', applyMethod: 'immediate' },
  ];
}

/** Aurora MySQL Advanced Auditing (exported as the `audit` log); both parameters apply without a reboot. */
export function auditParameters(events: readonly string[]): ClusterParameter[] {
  return [
    { name: 'server_audit_logging', value: '1', applyMethod: 'immediate' },
    { name: 'server_audit_events', value: events.join(','), applyMethod: 'immediate' },
  ];
}

export interface AuroraProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** Permissions boundary of the Enhanced Monitoring role: the apply role may create roles only with it (stacks/constructs/workload-roles.ts). */
  readonly permissionsBoundaryArn: string;
  /** Validated ≥ 3.05.2 by the configuration (A1). */
  readonly engineVersion: string;
  /** `db.serverless` or a provisioned class. */
  readonly instanceClass: string;
  /** Used when instanceClass is `db.serverless`. */
  readonly serverlessV2: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Readers besides the writer. */
  readonly readerCount: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Customer-managed key ARN for storage, the master secret and the log groups. */
  readonly kmsKeyArn: string;
  readonly backupRetentionDays: number;
  /** Deletion protection plus a final snapshot on destroy. */
  readonly deletionProtection: boolean;
  readonly logRetentionDays: number;
  /** What Advanced Auditing records (`server_audit_events`), exported as the `audit` log. */
  readonly auditEvents: readonly string[];
  /** Enhanced Monitoring granularity of every instance. */
  readonly monitoringIntervalSeconds: number;
  /** Performance Insights retention (7 days is the free tier), encrypted with the key. */
  readonly performanceInsightsRetentionDays: number;
  /** Extra cluster parameters (validated not to contradict A3/A4; they may override the audit and slow-query ones). */
  readonly extraParameters: Readonly<Record<string, string>>;
}

/**
 * Aurora MySQL 3 source cluster for zero-ETL: its parameter group is attached at creation (A7),
 * storage and the RDS-managed master secret use the customer-managed key, no backtrack (A9),
 * one writer plus optional readers (A10), audit/error/slow-query logs exported with retention,
 * IAM database authentication on, Enhanced Monitoring and Performance Insights on every instance.
 */
export class Aurora extends Construct {
  readonly cluster: RdsCluster;
  readonly writer: RdsClusterInstance;
  readonly instances: RdsClusterInstance[];
  readonly parameterGroup: RdsClusterParameterGroup;
  readonly parameters: readonly ClusterParameter[];
  /**
   * Changes whenever a parameter that takes effect only after a reboot (apply method pending-reboot)
   * changes: re-triggers the reboot step (A7). A change of immediate parameters alone (the audit
   * events) needs no reboot, so it does not make the step wait for a pending-reboot that never comes.
   */
  readonly rebootParameterHash: string;
  /** ARN of the Secrets Manager secret RDS manages for the master user. */
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: AuroraProps) {
    super(scope, id);
    const clusterId = resourceNames(props.namePrefix).cluster;
    // A3/A4/A5 (and P1) from rules/aurora.ts; static ones take effect after the reboot step (A7).
    // Audit logging from aurora.auditEvents and the slow query log; an extra parameter of the same
    // name overrides them.
    const extras = Object.entries(props.extraParameters).filter(
      ([name]) => !ZERO_ETL_CLUSTER_PARAMETERS.some((p) => p.name === name),
    );
    this.parameters = [
      ...ZERO_ETL_CLUSTER_PARAMETERS.map(({ name, value, applyMethod }) => ({ name, value, applyMethod })),
      ...[...auditParameters(props.auditEvents), ...slowQueryParameters()].filter(
        (p) => !extras.some(([name]) => name === p.name),
      ),
      ...extras.map(([name, value]): ClusterParameter => ({ name, value, applyMethod: 'pending-reboot' })),
    ];
    this.rebootParameterHash = parameterSetHash(
      this.parameters.filter((parameter) => parameter.applyMethod === 'pending-reboot'),
    );

    this.parameterGroup = new RdsClusterParameterGroup(this, 'parameters', {
      name: `${clusterId}-zero-etl`,
      family: AURORA_PARAMETER_GROUP_FAMILY,
      description: 'Aurora MySQL 3 binlog settings for zero-ETL to Redshift',
      parameter: this.parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: p.applyMethod })),
    });
    const subnetGroup = new DbSubnetGroup(this, 'subnets', {
      name: `${clusterId}-subnets`,
      subnetIds: [...props.subnetIds],
      description: `${clusterId} private subnets`,
    });
    // RDS would create these with no expiry; creating them first sets retention and encryption.
    const logGroups = AURORA_LOG_EXPORTS.map(
      (log) =>
        new CloudwatchLogGroup(this, `log-${log}`, {
          name: `/aws/rds/cluster/${clusterId}/${log}`,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.kmsKeyArn,
        }),
    );

    const serverless = props.instanceClass === 'db.serverless';
    const protect = props.deletionProtection;
    this.cluster = new RdsCluster(this, 'cluster', {
      clusterIdentifier: clusterId,
      engine: AURORA_ENGINE,
      engineVersion: props.engineVersion,
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      dbClusterParameterGroupName: this.parameterGroup.name,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      // The ingestion connects with IAM tokens (no password); the master user keeps its secret.
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: [...AURORA_LOG_EXPORTS],
      deletionProtection: protect,
      skipFinalSnapshot: !protect,
      finalSnapshotIdentifier: protect ? `${clusterId}-final` : undefined,
      serverlessv2ScalingConfiguration: serverless
        ? { minCapacity: props.serverlessV2.minCapacity, maxCapacity: props.serverlessV2.maxCapacity }
        : undefined,
      dependsOn: logGroups,
    });
    this.masterSecretArn = this.cluster.masterUserSecret.get(0).secretArn;

    // Enhanced Monitoring: RDS assumes this role to publish OS metrics (log group RDSOSMetrics).
    const monitoringRole = serviceRole(
      this,
      { trust: 'monitoring-trust', role: 'monitoring-role' },
      {
        name: `${clusterId}-monitoring`,
        description: `${clusterId}: Enhanced Monitoring`,
        service: WORKLOAD_SERVICES.enhancedMonitoring,
        trustSid: 'RdsPublishesEnhancedMonitoring',
        accountId: props.accountId,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
      },
    );
    const monitoringPolicy = new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: monitoringRole.name,
      policyArn: WORKLOAD_MANAGED_POLICY_ARNS.enhancedMonitoring,
    });

    this.instances = Array.from({ length: 1 + props.readerCount }, (_, index) => {
      return new RdsClusterInstance(this, index === 0 ? 'writer' : `reader-${index}`, {
        identifier: `${clusterId}-${index + 1}`,
        clusterIdentifier: this.cluster.id,
        instanceClass: props.instanceClass,
        engine: this.cluster.engine,
        engineVersion: this.cluster.engineVersion,
        dbSubnetGroupName: subnetGroup.name,
        publiclyAccessible: false,
        // Off: an automatic minor upgrade leaves engine_version behind the running version, and
        // provider 5.100.0 then plans a downgrade AWS refuses on every apply. Upgrades are a
        // deliberate change of aurora.engineVersion instead.
        autoMinorVersionUpgrade: false,
        // The first instance is the writer; readers take over in tier order.
        promotionTier: index === 0 ? 0 : 1,
        monitoringInterval: props.monitoringIntervalSeconds,
        monitoringRoleArn: monitoringRole.arn,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays,
        dependsOn: [monitoringPolicy],
      });
    });
    this.writer = this.instances[0];
  }
}
