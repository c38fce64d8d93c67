/**
 * The roles the environment stacks create for their services ("workload roles") and the rules the
 * apply role manages them by. Every workload role is named `<project>-<environment>-…` and carries
 * {@link WORKLOAD_PERMISSIONS_BOUNDARY_ARN}, so CI can create and change them without being able to
 * make a role more powerful than itself.
 */

/**
 * The AWS-managed policy the apply role holds. It is also every workload role's permissions
 * boundary: whatever policy a role CI creates is given, it can never do more than CI (no IAM,
 * Organizations or account changes). AWS-managed, so it exists in every account and nothing in the
 * account can change it.
 */
const POWER_USER_ACCESS_ARN = 'arn:aws:iam::aws:policy/PowerUserAccess';
export const APPLY_ROLE_MANAGED_POLICY_ARN = POWER_USER_ACCESS_ARN;
export const WORKLOAD_PERMISSIONS_BOUNDARY_ARN = POWER_USER_ACCESS_ARN;

/** The services that assume the workload roles (serviceRole); the apply role may pass roles to them. */
export const WORKLOAD_SERVICES = {
  lambda: 'lambda.amazonaws.com',
  enhancedMonitoring: 'monitoring.rds.amazonaws.com',
  flowLogs: 'vpc-flow-logs.amazonaws.com',
} as const;

/** Managed policies a workload role may have attached; the apply role may attach no other. */
export const WORKLOAD_MANAGED_POLICY_ARNS = {
  /** RDS Enhanced Monitoring publishes OS metrics with this AWS-managed policy. */
  enhancedMonitoring: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
} as const;

/**
 * ARN patterns of every environment's workload roles (`<name prefix>-*`). The GitHub roles
 * (`<project>-github-…`) never match: no environment may be called `github`.
 */
export function workloadRoleArns(accountId: string, environmentNamePrefixes: readonly string[]): string[] {
  return environmentNamePrefixes.map((prefix) => `arn:aws:iam::${accountId}:role/${prefix}-*`);
}
