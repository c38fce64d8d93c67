import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyDocument, type PolicyStatement } from './policy-document';
import {
  APPLY_ROLE_MANAGED_POLICY_ARN,
  WORKLOAD_MANAGED_POLICY_ARNS,
  WORKLOAD_PERMISSIONS_BOUNDARY_ARN,
  WORKLOAD_SERVICES,
} from './workload-roles';
import { PLAN_ROLE_EXTRA_READS } from './provider-refresh-actions';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * IAM actions on workload roles that cannot widen what a role may do: always allowed on them.
 * (PowerUserAccess excludes IAM, so the apply role has exactly these and the ones below.)
 */
export const APPLY_ROLE_IAM_ACTIONS = [
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:ListRolePolicies',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

/** IAM actions that give a role permissions: allowed on workload roles only with the boundary set. */
export const APPLY_ROLE_BOUNDED_IAM_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
] as const;

/** IAM writes that could widen a role or its trust: denied to the apply role on the GitHub roles. */
export const GITHUB_ROLE_PROTECTED_ACTIONS = [
  ...APPLY_ROLE_IAM_ACTIONS.filter((action) => !/^iam:(Get|List)/.test(action)),
  ...APPLY_ROLE_BOUNDED_IAM_ACTIONS,
  'iam:AttachRolePolicy',
  'iam:DeleteRolePermissionsBoundary',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
] as const;

/**
 * The services the stacks hand their roles to: those that assume the workload roles, and
 * rds.amazonaws.com (RDS checks the Enhanced Monitoring role when a DB instance is created or
 * modified; which of the two service names the check carries is not documented, so both). Sorted.
 */
export const PASSED_TO_SERVICES: readonly string[] = [
  ...Object.values(WORKLOAD_SERVICES),
  'rds.amazonaws.com',
].sort();

export interface GithubOidcRolesProps {
  readonly project: string;
  readonly accountId: string;
  readonly owner: string;
  readonly repository: string;
  /** Branch whose pushes may apply. */
  readonly applyBranch: string;
  /** Protected GitHub environment whose jobs may apply. */
  readonly applyEnvironment: string;
  /** ARN of the Terraform state bucket. */
  readonly stateBucketArn: string;
  /** ARN of the KMS key the state (and its lock files) are encrypted with. */
  readonly stateKeyArn: string;
  /** ARN patterns of the roles the environment stacks create (`workloadRoleArns`). */
  readonly workloadRoleArns: readonly string[];
}

/**
 * GitHub Actions' OIDC provider and two roles: `plan` (read-only, the state included; trusted for
 * pull requests) and `apply` (trusted only for the apply branch or protected environment; IAM only
 * for the environments' workload roles, and only within their permissions boundary; never for these two).
 */
export class GithubOidcRoles extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubOidcRolesProps) {
    super(scope, id);
    const repo = `repo:${props.owner}/${props.repository}`;
    this.provider = new IamOpenidConnectProvider(this, 'github', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ['sts.amazonaws.com'],
    });
    const trust = (sid: string, subjects: string[]) =>
      policyDocument(this, `${sid}-trust`, [
        {
          sid,
          actions: ['sts:AssumeRoleWithWebIdentity'],
          resources: [],
          principals: { Federated: [this.provider.arn] },
          conditions: {
            StringEquals: {
              [`${GITHUB_OIDC_HOST}:aud`]: ['sts.amazonaws.com'],
              [`${GITHUB_OIDC_HOST}:sub`]: subjects,
            },
          },
        },
      ]);
    const listState: PolicyStatement = {
      sid: 'ListState',
      actions: ['s3:ListBucket'],
      resources: [props.stateBucketArn],
    };
    const stateObjects = `${props.stateBucketArn}/*`;

    this.planRole = new IamRole(this, 'plan', {
      name: `${props.project}-github-plan`,
      description: 'Plans on pull requests: read-only, the state bucket read-only',
      assumeRolePolicy: trust('PullRequestsPlan', [`${repo}:pull_request`]).json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicyAttachment(this, 'plan-read-only', {
      role: this.planRole.name,
      policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    new IamRolePolicy(this, 'plan-state', {
      role: this.planRole.id,
      name: 'terraform-state',
      policy: policyDocument(this, 'plan-state-policy', [
        // Read only: a pull request runs its own code with this role, so it must not be able to
        // write a state the next unattended apply on main would act on. Plans run with -lock=false.
        { ...listState, sid: 'PlanListState' },
        { sid: 'PlanReadState', actions: ['s3:GetObject'], resources: [stateObjects] },
        { sid: 'PlanDecryptState', actions: ['kms:Decrypt'], resources: [props.stateKeyArn] },
        {
          sid: 'RefreshReadsBeyondReadOnlyAccess',
          actions: PLAN_ROLE_EXTRA_READS,
          resources: ['*'],
        },
      ]).json,
    });

    this.applyRole = new IamRole(this, 'apply', {
      name: `${props.project}-github-apply`,
      description: 'Applies from the protected branch/environment only',
      assumeRolePolicy: trust('ProtectedRefApplies', [
        `${repo}:ref:refs/heads/${props.applyBranch}`,
        `${repo}:environment:${props.applyEnvironment}`,
      ]).json,
      // A first apply creates Aurora, Redshift and waits up to 60 min for the integration: 1 h is too short.
      maxSessionDuration: 7200,
    });
    new IamRolePolicyAttachment(this, 'apply-power-user', {
      role: this.applyRole.name,
      policyArn: APPLY_ROLE_MANAGED_POLICY_ARN,
    });
    const workloadRoles = [...props.workloadRoleArns];
    const withBoundary = { 'iam:PermissionsBoundary': [WORKLOAD_PERMISSIONS_BOUNDARY_ARN] };
    new IamRolePolicy(this, 'apply-iam-and-state', {
      role: this.applyRole.id,
      name: 'project-roles-and-state',
      policy: policyDocument(this, 'apply-policy', [
        { ...listState, sid: 'ApplyListState' },
        {
          sid: 'ApplyReadWriteStateAndLocks',
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: [stateObjects],
        },
        {
          sid: 'ApplyEncryptAndDecryptState',
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [props.stateKeyArn],
        },
        // Only the environments' roles (named <project>-<environment>-…), never the GitHub roles.
        { sid: 'ManageWorkloadRoles', actions: APPLY_ROLE_IAM_ACTIONS, resources: workloadRoles },
        // A role CI creates or gives a policy must carry the boundary: it can never exceed CI's rights.
        {
          sid: 'GrantOnlyWithinTheBoundary',
          actions: APPLY_ROLE_BOUNDED_IAM_ACTIONS,
          resources: workloadRoles,
          conditions: { StringEquals: withBoundary },
        },
        {
          sid: 'AttachOnlyTheManagedPoliciesTheStacksUse',
          actions: ['iam:AttachRolePolicy'],
          resources: workloadRoles,
          conditions: {
            StringEquals: withBoundary,
            ArnEquals: { 'iam:PolicyARN': Object.values(WORKLOAD_MANAGED_POLICY_ARNS) },
          },
        },
        {
          sid: 'PassWorkloadRolesToTheirServices',
          actions: ['iam:PassRole'],
          resources: workloadRoles,
          conditions: { StringEquals: { 'iam:PassedToService': [...PASSED_TO_SERVICES] } },
        },
        {
          sid: 'NeverRemoveTheBoundary',
          effect: 'Deny',
          actions: ['iam:DeleteRolePermissionsBoundary'],
          resources: workloadRoles,
        },
        // Belt and braces: whatever else grants IAM rights, never on the GitHub roles or their provider.
        {
          sid: 'NeverChangeTheGithubRoles',
          effect: 'Deny',
          actions: [...GITHUB_ROLE_PROTECTED_ACTIONS],
          resources: [this.planRole.arn, this.applyRole.arn, this.provider.arn],
        },
      ]).json,
    });
  }
}
