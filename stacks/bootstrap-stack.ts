import { type Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { configureBackend, s3LockKey, s3StateKey } from './backend';
import { stateKeyAlias, type BackendSettings, type BootstrapConfig, type EnvironmentConfig } from './config';
import { ENVIRONMENT_TAG_KEY } from './constructs/environment-policy';
import { GithubOidcRoles } from './constructs/github-oidc-roles';
import { StateBucket } from './constructs/state-bucket';

export interface BootstrapStackProps {
  readonly project: string;
  readonly config: BootstrapConfig;
  readonly backend: BackendSettings;
  /** Prefix of every stack's S3 state key: each apply role may write its own environment's only. */
  readonly stateKeyPrefix: string;
  /** The environments: each one in this account gets an apply role and a boundary policy. */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * First-time setup, applied by an administrator (first, and again whenever an environment is added):
 * the Terraform state bucket, GitHub's OIDC provider, the plan role and one apply role per
 * environment. Outputs feed the repository variables.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      defaultTags: [
        { tags: { Project: props.project, [ENVIRONMENT_TAG_KEY]: 'bootstrap', ManagedBy: 'cdktf' } },
      ],
    });
    configureBackend(this, id, props.backend);

    const keyAlias = stateKeyAlias(props.project);
    const state = new StateBucket(this, 'state', {
      bucketName: config.stateBucket,
      accountId: config.accountId,
      keyAlias,
      noncurrentVersionDays: config.stateVersionRetentionDays,
    });
    const scopeOf = (environment: EnvironmentConfig) => ({
      name: environment.name,
      namePrefix: environment.namePrefix,
      region: environment.region,
      accountId: environment.accountId,
    });
    // Roles live in the account they deploy to: an environment in another account needs that
    // account's own bootstrap (docs/github-actions.md, "A separate account for prod").
    const local = props.environments.filter((environment) => environment.accountId === config.accountId);
    const roles = new GithubOidcRoles(this, 'github', {
      project: props.project,
      accountId: config.accountId,
      owner: config.github.owner,
      repository: config.github.repository,
      applyBranch: config.github.applyBranch,
      driftEnvironment: config.github.driftEnvironment,
      environments: local.map((environment) => ({
        ...scopeOf(environment),
        githubEnvironment: config.github.applyEnvironments[environment.name],
      })),
      allEnvironments: props.environments.map(scopeOf),
      state: {
        bucketName: config.stateBucket,
        keyPrefix: props.stateKeyPrefix,
        keyArn: state.key.arn,
        keyAliasArn: `arn:aws:kms:${config.region}:${config.accountId}:${keyAlias}`,
      },
      stateKey: s3StateKey,
      lockKey: s3LockKey,
      bootstrapStackName: id,
    });

    new TerraformOutput(this, 'state_bucket', { value: state.bucket.bucket });
    new TerraformOutput(this, 'state_key_arn', { value: state.key.arn });
    new TerraformOutput(this, 'plan_role_arn', { value: roles.planRole.arn });
    for (const [name, role] of Object.entries(roles.applyRoles)) {
      new TerraformOutput(this, `apply_role_arn_${name}`, {
        value: role.arn,
        description: `The repository variable ${applyRoleVariable(name)}`,
      });
    }
    new TerraformOutput(this, 'github_oidc_provider_arn', { value: roles.provider.arn });
  }
}

/** The GitHub Actions variable that holds an environment's apply role ARN (apply.yml reads it). */
export function applyRoleVariable(environment: string): string {
  return `AWS_APPLY_ROLE_ARN_${environment.toUpperCase()}`;
}
