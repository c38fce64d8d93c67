/**
 * The roles the environment stacks create for their services ("workload roles") and the rules the
 * apply roles manage them by. Every workload role is named `<project>-<environment>-…` and carries
 * its environment's permissions boundary ({@link environmentBoundaryArn}), the very policy that
 * environment's apply role holds: CI can create and change the roles of its environment without
 * being able to make one more powerful than itself, or able to reach another environment.
 */

/** Name of an environment's boundary policy, e.g. `zero-etl-dev-permissions-boundary` (an IAM policy, not a role). */
export function environmentBoundaryName(namePrefix: string): string {
  return `${namePrefix}-permissions-boundary`;
}

/**
 * ARN of an environment's boundary policy, created by the bootstrap stack in the environment's
 * account: the environment's apply role holds it, and every role of the environment carries it.
 */
export function environmentBoundaryArn(accountId: string, namePrefix: string): string {
  return `arn:aws:iam::${accountId}:policy/${environmentBoundaryName(namePrefix)}`;
}

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
 * ARN pattern of an environment's workload roles (`<name prefix>-*`). The GitHub roles
 * (`<project>-github-…`) never match: no environment may be called `github`.
 */
export function workloadRoleArn(accountId: string, namePrefix: string): string {
  return `arn:aws:iam::${accountId}:role/${namePrefix}-*`;
}
