import { Construct } from 'constructs';
import { type KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { customerManagedKey } from './encryption-key';
import { policyDocument } from './policy-document';

export interface StateBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  /** Alias of the key that encrypts the state (S3 backends name it as their `kms_key_id`). */
  readonly keyAlias: string;
  /** Days a state file's previous versions are kept. */
  readonly noncurrentVersionDays: number;
}

/**
 * Terraform state bucket: versioned, encrypted with its own customer-managed key, never public, TLS
 * only, protected from destroy; previous state versions expire, and object events go to EventBridge.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.key = customerManagedKey(
      this,
      { policy: 'key-policy', key: 'key', alias: 'key-alias' },
      {
        accountId: props.accountId,
        description: `Terraform state in ${props.bucketName}`,
        aliasName: props.keyAlias,
        preventDestroy: true,
      },
    );

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-previous-state-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
          // Lock files are deleted after every run; their delete markers need not pile up.
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    // Every state write and delete becomes an EventBridge event, for whoever audits the account.
    new S3BucketNotification(this, 'events', { bucket: this.bucket.id, eventbridge: true });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const tlsOnly = policyDocument(this, 'tls-only', [
      {
        // Every S3 action, as AWS's example for the s3-bucket-ssl-requests-only Config rule (and
        // Security Hub S3.5) has it: a list of some actions leaves the others open over plain HTTP
        // (https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule).
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: { AWS: ['*'] },
        conditions: { Bool: { 'aws:SecureTransport': ['false'] } },
      },
    ]);
    new S3BucketPolicy(this, 'policy', { bucket: this.bucket.id, policy: tlsOnly.json });
  }
}
