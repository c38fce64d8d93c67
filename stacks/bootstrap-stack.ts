import { type Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { configureBackend } from './backend';
import { stateKeyAlias, type BackendSettings, type BootstrapConfig } from './config';
import { GithubOidcRoles } from './constructs/github-oidc-roles';
import { StateBucket } from './constructs/state-bucket';
import { workloadRoleArns } from './constructs/workload-roles';

export interface BootstrapStackProps {
  readonly project: string;
  readonly config: BootstrapConfig;
  readonly backend: BackendSettings;
  /** Name prefixes of the environments (`zero-etl-dev`, …): the apply role manages their roles. */
  readonly environmentNamePrefixes: readonly string[];
}

/**
 * First-time setup, applied by an administrator (first, and again whenever an environment is added):
 * the Terraform state bucket, GitHub's OIDC provider and the plan/apply roles CI assumes. Outputs feed the repository variables.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      defaultTags: [{ tags: { Project: props.project, Environment: 'bootstrap', ManagedBy: 'cdktf' } }],
    });
    configureBackend(this, id, props.backend);

    const state = new StateBucket(this, 'state', {
      bucketName: config.stateBucket,
      accountId: config.accountId,
      keyAlias: stateKeyAlias(props.project),
      noncurrentVersionDays: config.stateVersionRetentionDays,
    });
    const roles = new GithubOidcRoles(this, 'github', {
      project: props.project,
      accountId: config.accountId,
      owner: config.github.owner,
      repository: config.github.repository,
      applyBranch: config.github.applyBranch,
      applyEnvironment: config.github.applyEnvironment,
      stateBucketArn: state.bucket.arn,
      stateKeyArn: state.key.arn,
      workloadRoleArns: workloadRoleArns(config.accountId, props.environmentNamePrefixes),
    });

    new TerraformOutput(this, 'state_bucket', { value: state.bucket.bucket });
    new TerraformOutput(this, 'state_key_arn', { value: state.key.arn });
    new TerraformOutput(this, 'plan_role_arn', { value: roles.planRole.arn });
    new TerraformOutput(this, 'apply_role_arn', { value: roles.applyRole.arn });
    new TerraformOutput(this, 'github_oidc_provider_arn', { value: roles.provider.arn });
  }
}
