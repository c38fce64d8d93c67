/**
 * The policy each environment's apply role holds, which is also the permissions boundary of every
 * role that environment creates: AWS's PowerUserAccess, minus everything that belongs to another
 * environment or to the bootstrap stack (its state, the state bucket's settings, the state key).
 *
 * Why denies on a PowerUserAccess base, not an allow-list by name prefix: an allow-list would have
 * to name, for every create, update and delete call of every resource type, each resource type IAM
 * authorizes it against (RDS checks the default parameter and option groups too, the Data API the
 * secret, …); a gap fails the first apply in a real account, which could not be tried here. A deny
 * can only narrow: it can never fail the environment's own apply, and it reaches every resource
 * another environment names after itself. What AWS addresses by id (VPC parts, KMS keys, Redshift
 * Serverless, the integration) is denied by the `Environment` tag every environment stack puts on
 * its resources; what carries neither (secrets AWS creates for the databases) is the reason a
 * separate account for prod stays the stronger option (docs/github-actions.md).
 */
import { type PolicyStatement } from './policy-document';

/**
 * The tag the environment stacks put on every resource (provider `default_tags`), valued with the
 * environment's name: the other environments' apply roles are denied what carries it.
 */
export const ENVIRONMENT_TAG_KEY = 'Environment';

/** What identifies one environment to the policy. */
export interface EnvironmentScope {
  /** Stack name, e.g. `dev`: the value of its {@link ENVIRONMENT_TAG_KEY} tag. */
  readonly name: string;
  /** Prefix of every resource name, e.g. `zero-etl-dev`. */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * AWS's PowerUserAccess (v12, as moto's copy shows it; test/stacks/constructs/environment-policy.test.ts
 * compares): every action but IAM, Organizations and Account management, plus the few of those it
 * keeps (service-linked roles, the account's own reads).
 */
export const POWER_USER_ACCESS_STATEMENTS: readonly PolicyStatement[] = [
  {
    sid: 'PowerUserAccessAllButIdentityAndAccount',
    actions: [],
    notActions: ['account:*', 'iam:*', 'organizations:*'],
    resources: ['*'],
  },
  {
    sid: 'PowerUserAccessServiceLinkedRolesAndAccountReads',
    actions: [
      'account:GetAccountInformation',
      'account:GetGovCloudAccountInformation',
      'account:GetPrimaryEmail',
      'account:ListRegions',
      'iam:CreateServiceLinkedRole',
      'iam:DeleteServiceLinkedRole',
      'iam:ListRoles',
      'organizations:DescribeEffectivePolicy',
      'organizations:DescribeOrganization',
    ],
    resources: ['*'],
  },
];

/**
 * ARN patterns of every resource an environment names after itself, per service, in any Region and
 * account: `…:cluster:zero-etl-dev-aurora` (and `db:`, `cluster-pg:`, `subgrp:`,
 * `cluster-snapshot:`), `…:function:zero-etl-dev-ingest`, `…:zero-etl-dev-alarms` (topics, queues),
 * `…:rule/zero-etl-dev-…`, `…:alarm:zero-etl-dev-…`, `…:dashboard/zero-etl-dev-zero-etl`,
 * `…:log-group:/aws/lambda/zero-etl-dev-ingest`, `…:log-group:/aws/vpc/zero-etl-dev/flow-logs`,
 * `…:alias/zero-etl-dev`. The service is always named: IAM refuses a wildcard there ("Resource vendor
 * must be fully qualified"). Environment names hold no hyphen, so no environment's names contain
 * another's prefix followed by `-` or `/`. test/stacks/constructs/environment-policy.test.ts
 * matches them against every named resource of every environment.
 */
export function namedResourceArnPatterns(namePrefix: string): Record<string, string[]> {
  const named = (service: string) => [`arn:aws:${service}:*:*:*${namePrefix}-*`];
  return {
    cloudwatch: named('cloudwatch'),
    events: named('events'),
    kms: [`arn:aws:kms:*:*:alias/${namePrefix}`],
    lambda: named('lambda'),
    logs: [`arn:aws:logs:*:*:*/${namePrefix}-*`, `arn:aws:logs:*:*:*/${namePrefix}/*`],
    rds: named('rds'),
    sns: named('sns'),
    sqs: named('sqs'),
  };
}

/**
 * Services whose resources are addressed by id (VPC parts, KMS keys, Redshift Serverless, the
 * integration, secrets): the other environments' resources are denied by their Environment tag.
 * The patterns name each service's ARNs (not `*`), so the deny never reaches a call IAM checks
 * against `*`.
 */
export const TAG_SCOPED_SERVICES = [
  'ec2',
  'kms',
  'rds',
  'redshift',
  'redshift-data',
  'redshift-serverless',
  'secretsmanager',
] as const;

/** The Terraform state the apply roles live beside. */
export interface StateLocation {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** Prefix of every stack's state key (`<prefix>/<stack>.tfstate`). */
  readonly keyPrefix: string;
  /** ARN of the KMS key that encrypts the state. */
  readonly keyArn: string;
  /** ARN of that key's alias (S3 backends name the key by it). */
  readonly keyAliasArn: string;
}

export const stateBucketArn = (bucketName: string) => `arn:aws:s3:::${bucketName}`;

/** Bucket settings that keep the state safe: no apply role may change or delete them. */
export const STATE_BUCKET_PROTECTED_ACTIONS = [
  's3:DeleteBucket*',
  's3:PutAccelerateConfiguration',
  's3:PutAnalyticsConfiguration',
  's3:PutBucket*',
  's3:PutEncryptionConfiguration',
  's3:PutIntelligentTieringConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutMetricsConfiguration',
  's3:PutReplicationConfiguration',
] as const;

/** Object calls that would lose earlier state versions or lock them away: denied on every state object. */
export const STATE_OBJECT_PROTECTED_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteObjectVersion',
  's3:DeleteObjectVersionTagging',
  's3:PutObjectAcl',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectVersionAcl',
] as const;

/** What no apply role may do to the state key (it may encrypt and decrypt with it, nothing else). */
export const STATE_KEY_PROTECTED_ACTIONS = [
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:DeleteAlias',
  'kms:DeleteImportedKeyMaterial',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:ImportKeyMaterial',
  'kms:PutKeyPolicy',
  'kms:ReplicateKey',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
  'kms:UpdatePrimaryRegion',
] as const;

export interface EnvironmentPolicyProps {
  /** The environment the policy is for. */
  readonly environment: EnvironmentScope;
  /** Every other environment of the project (their resources and state are denied). */
  readonly others: readonly EnvironmentScope[];
  readonly state: StateLocation;
  /** Stack names whose state no environment may touch besides the environments (`bootstrap`). */
  readonly protectedStacks: readonly string[];
  /** `s3StateKey` of stacks/backend.ts. */
  readonly stateKey: (keyPrefix: string, stackName: string) => string;
}

/**
 * The statements of an environment's policy: PowerUserAccess, then the denies that keep it out of
 * the other environments, their state, the bootstrap state, the state bucket's settings and the
 * state key's administration.
 */
export function environmentPolicyStatements(props: EnvironmentPolicyProps): PolicyStatement[] {
  const { state, others } = props;
  const bucketArn = stateBucketArn(state.bucketName);
  const foreignState = [...others.map((other) => other.name), ...props.protectedStacks].map(
    // The key and its lock file (<key>.tflock).
    (stack) => `${bucketArn}/${props.stateKey(state.keyPrefix, stack)}*`,
  );
  const statements: PolicyStatement[] = [
    ...POWER_USER_ACCESS_STATEMENTS,
    { sid: 'NeverTouchAnotherStacksState', effect: 'Deny', actions: ['s3:*'], resources: foreignState },
    {
      sid: 'NeverChangeTheStateBucket',
      effect: 'Deny',
      actions: STATE_BUCKET_PROTECTED_ACTIONS,
      resources: [bucketArn],
    },
    {
      sid: 'NeverLoseStateVersions',
      effect: 'Deny',
      actions: STATE_OBJECT_PROTECTED_ACTIONS,
      resources: [`${bucketArn}/*`],
    },
    {
      sid: 'NeverAdministerTheStateKey',
      effect: 'Deny',
      actions: STATE_KEY_PROTECTED_ACTIONS,
      resources: [state.keyArn, state.keyAliasArn],
    },
  ];
  if (others.length > 0) {
    const named = others.map((other) => namedResourceArnPatterns(other.namePrefix));
    statements.push(
      {
        sid: 'StayOutOfOtherEnvironmentsByName',
        effect: 'Deny',
        actions: Object.keys(named[0]).map((service) => `${service}:*`),
        resources: named.flatMap((patterns) => Object.values(patterns).flat()),
      },
      {
        sid: 'StayOutOfOtherEnvironmentsByTag',
        effect: 'Deny',
        actions: TAG_SCOPED_SERVICES.map((service) => `${service}:*`),
        resources: TAG_SCOPED_SERVICES.map((service) => `arn:aws:${service}:*:*:*`),
        conditions: {
          StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG_KEY}`]: others.map((other) => other.name) },
        },
      },
    );
  }
  return statements;
}

/** IAM's limit for a customer-managed policy, whitespace not counted (IAM and STS quotas). */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;
/** The longest a KMS key ARN gets (`arn:aws:kms:<Region>:<account>:key/<36-character id>`), counted for unresolved references. */
const REFERENCE_ALLOWANCE = 'arn:aws:kms:ap-southeast-7:123456789012:key/00000000-0000-0000-0000-000000000000'
  .length;

/** The length IAM counts for a policy of `statements`; references Terraform resolves at apply count as a key ARN. */
export function policyCharacters(statements: readonly PolicyStatement[]): number {
  const json = JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect ?? 'Allow',
      ...(s.notActions ? { NotAction: s.notActions } : { Action: s.actions }),
      Resource: s.resources,
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  });
  return json.replace(/\$\{TfToken\[[^\]]*\]\}/g, 'x'.repeat(REFERENCE_ALLOWANCE)).length;
}
