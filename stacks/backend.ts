import { join } from 'node:path';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from 'cdktf';
import { type BackendSettings } from './config';
import { PROJECT_ROOT } from '../paths';

/** HCP Terraform workspace of a stack. */
export function cloudWorkspaceName(stackName: string): string {
  return `zero-etl-${stackName}`;
}

/** S3 state key of a stack. */
export function s3StateKey(keyPrefix: string, stackName: string): string {
  return `${keyPrefix}/${stackName}.tfstate`;
}

/** The lock file Terraform's S3 backend writes next to a state key (`use_lockfile`). */
export function s3LockKey(stateKey: string): string {
  return `${stateKey}.tflock`;
}

/**
 * Points `stack` at its state backend. `local` writes terraform.<stack>.tfstate in the project
 * folder, like cdktf's default, so deleting cdktf.out never loses state; `s3` encrypts with the
 * bootstrap stack's KMS key and locks with an S3 lock file (no DynamoDB table);
 * `cloud` uses one HCP Terraform workspace per stack.
 */
export function configureBackend(stack: TerraformStack, stackName: string, settings: BackendSettings): void {
  // Terraform enforces this on every init/plan/apply: terraform_data needs 1.4, S3 lock files 1.10.
  stack.addOverride('terraform.required_version', settings.type === 's3' ? '>= 1.10' : '>= 1.4');
  switch (settings.type) {
    case 'local':
      new LocalBackend(stack, { path: join(PROJECT_ROOT, `terraform.${stackName}.tfstate`) });
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: settings.bucket,
        key: s3StateKey(settings.keyPrefix, stackName),
        region: settings.region,
        // Without kms_key_id, `encrypt` sends AES256 on every write and overrides the bucket's KMS default.
        encrypt: true,
        kmsKeyId: settings.kmsKeyId,
      });
      // cdktf 0.21's S3Backend predates Terraform 1.10's S3-native locking option.
      stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    case 'cloud':
      new CloudBackend(stack, {
        organization: settings.organization,
        workspaces: new NamedCloudWorkspace(cloudWorkspaceName(stackName)),
      });
      return;
  }
}
