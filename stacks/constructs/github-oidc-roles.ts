import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyDocument, type PolicyStatement } from './policy-document';
import { ConfigValidationError } from '../config';
import { resourceNames } from '../resource-names';
import {
  environmentPolicyStatements,
  MANAGED_POLICY_MAX_CHARACTERS,
  policyCharacters,
  stateBucketArn,
  type EnvironmentScope,
  type StateLocation,
} from './environment-policy';
import {
  environmentBoundaryArn,
  environmentBoundaryName,
  WORKLOAD_MANAGED_POLICY_ARNS,
  WORKLOAD_SERVICES,
  workloadRoleArn,
} from './workload-roles';
import { PLAN_ROLE_EXTRA_READS } from './provider-refresh-actions';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** AWS's read-only policy without data reads (no object, parameter, log-event or message reads): the plan role's base. */
export const PLAN_ROLE_MANAGED_POLICY_ARN = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';

/** The read-only role pull requests and the drift check plan with. */
export const planRoleName = (project: string) => `${project}-github-plan`;
/** The role that applies one environment. */
export const applyRoleName = (project: string, environment: string) =>
  `${project}-github-apply-${environment}`;

/**
 * IAM actions on workload roles that cannot widen what a role may do: always allowed on them.
 * (The environment policy excludes IAM, so an apply role has exactly these and the ones below.)
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

/** IAM writes that could widen a role or its trust: denied to the apply roles on the GitHub roles. */
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

/** IAM writes that would change a boundary policy: denied to the apply roles on every environment's. */
export const BOUNDARY_POLICY_PROTECTED_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
] as const;

/**
 * The services the stacks hand their roles to through a condition on `iam:PassedToService`: those
 * that assume the Lambda and Enhanced Monitoring roles, and rds.amazonaws.com (RDS checks the
 * Enhanced Monitoring role when a DB instance is created or modified; which of the two service
 * names the check carries is not documented, so both). Sorted. The flow-log role is passed by name
 * instead: AWS documents no `iam:PassedToService` value for CreateFlowLogs.
 */
export const PASSED_TO_SERVICES: readonly string[] = [
  WORKLOAD_SERVICES.lambda,
  WORKLOAD_SERVICES.enhancedMonitoring,
  'rds.amazonaws.com',
].sort();

/** One environment the bootstrap stack makes an apply role for. */
export interface ApplyRoleEnvironment extends EnvironmentScope {
  /**
   * The protected GitHub environment whose jobs alone may apply it.
   * @default - pushes to `applyBranch` apply it
   */
  readonly githubEnvironment?: string;
}

export interface GithubOidcRolesProps {
  readonly project: string;
  readonly accountId: string;
  readonly owner: string;
  readonly repository: string;
  /** Branch whose pushes apply the environments that have no `githubEnvironment`. */
  readonly applyBranch: string;
  /** GitHub environment of the drift check: its jobs may assume the plan role. */
  readonly driftEnvironment: string;
  /** The environments to make an apply role and a boundary policy for (those of this account). */
  readonly environments: readonly ApplyRoleEnvironment[];
  /** Every environment of the project, wherever it lives: the policies keep each role out of the others. */
  readonly allEnvironments: readonly EnvironmentScope[];
  readonly state: StateLocation;
  /** `s3StateKey` of stacks/backend.ts. */
  readonly stateKey: (keyPrefix: string, stackName: string) => string;
  /** `s3LockKey` of stacks/backend.ts. */
  readonly lockKey: (stateKey: string) => string;
  /** The bootstrap stack's own name: no apply role may touch its state. */
  readonly bootstrapStackName: string;
}

/**
 * GitHub Actions' OIDC provider, the read-only `plan` role (pull requests and the drift check) and
 * one `apply` role per environment: trusted for that environment's GitHub environment, or the apply
 * branch, only; holding its environment's policy (environment-policy.ts), which keeps it out of
 * the other environments, their state and the bootstrap stack's; IAM only on its environment's
 * workload roles, within that same policy as their boundary; never on the GitHub roles.
 */
export class GithubOidcRoles extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly planRole: IamRole;
  /** Per environment name. */
  readonly applyRoles: Readonly<Record<string, IamRole>>;
  /** Per environment name: the apply role's policy and its workload roles' boundary. */
  readonly boundaries: Readonly<Record<string, IamPolicy>>;

  constructor(scope: Construct, id: string, props: GithubOidcRolesProps) {
    super(scope, id);
    const { state } = props;
    const repo = `repo:${props.owner}/${props.repository}`;
    const iamArn = (resource: string) => `arn:aws:iam::${props.accountId}:${resource}`;
    this.provider = new IamOpenidConnectProvider(this, 'github', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ['sts.amazonaws.com'],
    });
    const trust = (trustId: string, sid: string, subjects: string[]) =>
      policyDocument(this, trustId, [
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
    const bucketArn = stateBucketArn(state.bucketName);
    const stateObject = (stack: string) => `${bucketArn}/${props.stateKey(state.keyPrefix, stack)}`;
    const listState: PolicyStatement = {
      sid: 'ListState',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
    };

    this.planRole = new IamRole(this, 'plan', {
      name: planRoleName(props.project),
      description: 'Plans pull requests and checks drift: configuration reads only, the state read-only',
      assumeRolePolicy: trust('PullRequestsPlan-trust', 'PullRequestsAndDriftChecksPlan', [
        `${repo}:pull_request`,
        `${repo}:environment:${props.driftEnvironment}`,
      ]).json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicyAttachment(this, 'plan-view-only', {
      role: this.planRole.name,
      policyArn: PLAN_ROLE_MANAGED_POLICY_ARN,
    });
    new IamRolePolicy(this, 'plan-state', {
      role: this.planRole.id,
      name: 'terraform-state',
      policy: policyDocument(this, 'plan-state-policy', [
        // Read only: a pull request runs its own code with this role, so it must not be able to
        // write a state the next unattended apply on main would act on. Plans run with -lock=false.
        { ...listState, sid: 'PlanListState' },
        {
          sid: 'PlanReadEnvironmentState',
          actions: ['s3:GetObject'],
          resources: props.allEnvironments.map((environment) => stateObject(environment.name)),
        },
        { sid: 'PlanDecryptState', actions: ['kms:Decrypt'], resources: [state.keyArn] },
        { sid: 'RefreshReadsBeyondViewOnlyAccess', actions: PLAN_ROLE_EXTRA_READS, resources: ['*'] },
      ]).json,
    });

    const applyRoleArns = props.environments.map((environment) =>
      iamArn(`role/${applyRoleName(props.project, environment.name)}`),
    );
    const boundaryArns = props.environments.map((environment) =>
      environmentBoundaryArn(props.accountId, environment.namePrefix),
    );
    const applyRoles: Record<string, IamRole> = {};
    const boundaries: Record<string, IamPolicy> = {};
    for (const environment of props.environments) {
      const name = environment.name;
      const statements = environmentPolicyStatements({
        environment,
        others: props.allEnvironments.filter((other) => other.name !== name),
        state,
        protectedStacks: [props.bootstrapStackName],
        stateKey: props.stateKey,
      });
      const characters = policyCharacters(statements);
      if (characters > MANAGED_POLICY_MAX_CHARACTERS) {
        throw new ConfigValidationError([
          {
            field: 'environments',
            rule: `the policy that keeps ${name}'s apply role out of the ${props.allEnvironments.length - 1} other environments would be ${characters} characters, over IAM's ${MANAGED_POLICY_MAX_CHARACTERS} for a managed policy`,
            fix: 'use fewer environments per account (an account per environment is the stronger isolation anyway), or shorter environment names',
          },
        ]);
      }
      const boundary = new IamPolicy(this, `boundary-${name}`, {
        name: environmentBoundaryName(environment.namePrefix),
        description: `${name}: what its apply role and every role it creates may do (PowerUserAccess outside the other environments and the bootstrap state)`,
        policy: policyDocument(this, `boundary-${name}-policy`, statements).json,
      });
      boundaries[name] = boundary;
      const subject = environment.githubEnvironment
        ? `${repo}:environment:${environment.githubEnvironment}`
        : `${repo}:ref:refs/heads/${props.applyBranch}`;
      const role = new IamRole(this, `apply-${name}`, {
        name: applyRoleName(props.project, name),
        description: environment.githubEnvironment
          ? `Applies ${name} from the protected GitHub environment ${environment.githubEnvironment} only`
          : `Applies ${name} from pushes to ${props.applyBranch}`,
        assumeRolePolicy: trust(`apply-${name}-trust`, 'ProtectedRefApplies', [subject]).json,
        // A first apply creates Aurora, Redshift and waits up to 60 min for the integration: 1 h is too short.
        maxSessionDuration: 7200,
      });
      applyRoles[name] = role;
      new IamRolePolicyAttachment(this, `apply-${name}-environment-policy`, {
        role: role.name,
        policyArn: boundary.arn,
      });
      const workloadRoles = [workloadRoleArn(environment.accountId, environment.namePrefix)];
      const withBoundary = {
        'iam:PermissionsBoundary': [environmentBoundaryArn(environment.accountId, environment.namePrefix)],
      };
      const ownState = stateObject(name);
      new IamRolePolicy(this, `apply-${name}-iam-and-state`, {
        role: role.id,
        name: 'environment-roles-and-state',
        policy: policyDocument(this, `apply-${name}-policy`, [
          { ...listState, sid: 'ApplyListState' },
          // What Terraform's S3 backend needs: its state key, and the lock file beside it.
          { sid: 'ApplyReadWriteOwnState', actions: ['s3:GetObject', 's3:PutObject'], resources: [ownState] },
          {
            sid: 'ApplyTakeAndReleaseOwnLock',
            actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
            resources: [props.lockKey(ownState)],
          },
          {
            sid: 'ApplyEncryptAndDecryptState',
            actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
            resources: [state.keyArn],
          },
          // Only this environment's roles (named <project>-<environment>-…), never the GitHub roles.
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
            // The flow-log delivery role, by name: AWS's flow-log pages show iam:PassRole on the role
            // with no iam:PassedToService condition ("IAM role for publishing flow logs to CloudWatch
            // Logs", https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html).
            sid: 'PassTheFlowLogsRole',
            actions: ['iam:PassRole'],
            resources: [
              `arn:aws:iam::${environment.accountId}:role/${resourceNames(environment.namePrefix).flowLogsRole}`,
            ],
          },
          {
            sid: 'NeverRemoveTheBoundary',
            effect: 'Deny',
            actions: ['iam:DeleteRolePermissionsBoundary'],
            resources: workloadRoles,
          },
          // Belt and braces: whatever else grants IAM rights, never on the GitHub roles, their
          // provider or the boundaries.
          {
            sid: 'NeverChangeTheGithubRoles',
            effect: 'Deny',
            actions: [...GITHUB_ROLE_PROTECTED_ACTIONS],
            resources: [
              iamArn(`role/${planRoleName(props.project)}`),
              ...applyRoleArns,
              iamArn(`oidc-provider/${GITHUB_OIDC_HOST}`),
            ],
          },
          {
            sid: 'NeverChangeTheBoundaries',
            effect: 'Deny',
            actions: [...BOUNDARY_POLICY_PROTECTED_ACTIONS],
            resources: boundaryArns,
          },
        ]).json,
      });
    }
    this.applyRoles = applyRoles;
    this.boundaries = boundaries;
  }
}
