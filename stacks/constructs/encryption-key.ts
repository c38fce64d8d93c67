import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { policyDocument, type PolicyStatement } from './policy-document';

/** Key administration and use for the account root (explicit list: key policies allow no wildcards here). */
export const KEY_ACCOUNT_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/**
 * What CloudWatch Logs may do with a key that encrypts log groups, exactly as AWS's example key
 * policy lists it ("Encrypt log data in CloudWatch Logs using AWS Key Management Service", step 2,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html): the
 * wildcards are AWS's, so a data-key or re-encrypt variant the service starts to use keeps working.
 */
export const CLOUDWATCH_LOGS_KEY_ACTIONS = [
  'kms:Encrypt*',
  'kms:Decrypt*',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:Describe*',
] as const;

/** The encryption-context key RDS sets to the integration's ARN when it uses the key (R12). */
export const INTEGRATION_ENCRYPTION_CONTEXT_KEY = 'aws:redshift:integration:arn';
/** The grant operations Redshift needs for an integration (R12). */
export const INTEGRATION_GRANT_OPERATIONS = ['CreateGrant', 'Decrypt', 'GenerateDataKey'] as const;

export interface CustomerManagedKeyProps {
  readonly accountId: string;
  readonly description: string;
  /** e.g. `alias/zero-etl-dev`. */
  readonly aliasName: string;
  /** What services may do with the key, after the account's own statement. @default none */
  readonly serviceStatements?: readonly PolicyStatement[];
  /** Days before a scheduled deletion completes. @default 30 */
  readonly deletionWindowDays?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A customer-managed key with rotation on, a policy by which the account administers and uses it
 * through IAM (plus `serviceStatements`), and an alias. `ids` are the construct ids of the policy,
 * the key and the alias, so callers keep their Terraform addresses.
 */
export function customerManagedKey(
  scope: Construct,
  ids: { readonly policy: string; readonly key: string; readonly alias: string },
  props: CustomerManagedKeyProps,
): KmsKey {
  const policy = policyDocument(scope, ids.policy, [
    {
      sid: 'AccountAdministersAndUsesKeyThroughIam',
      actions: KEY_ACCOUNT_ACTIONS,
      resources: ['*'],
      principals: { AWS: [`arn:aws:iam::${props.accountId}:root`] },
    },
    ...(props.serviceStatements ?? []),
  ]);
  const key = new KmsKey(scope, ids.key, {
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: props.deletionWindowDays ?? 30,
    policy: policy.json,
    ...(props.tags ? { tags: { ...props.tags } } : {}),
    ...(props.preventDestroy ? { lifecycle: { preventDestroy: true } } : {}),
  });
  new KmsAlias(scope, ids.alias, { name: props.aliasName, targetKeyId: key.keyId });
  return key;
}

export interface EncryptionKeyProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Days before a scheduled deletion completes. @default 30 */
  readonly deletionWindowDays?: number;
}

/**
 * The environment's customer-managed KMS key (rotation on). It encrypts Aurora storage and its
 * master secret, the Redshift namespace and its admin secret, the integration (R12: Redshift may
 * create grants), the Lambda's log group and the alarm topic (CloudWatch may publish to it).
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const { accountId, region } = props;
    const serviceStatements: PolicyStatement[] = [
      {
        // AWS's documented statement, limited to this account's log groups by the encryption context.
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        actions: CLOUDWATCH_LOGS_KEY_ACTIONS,
        resources: ['*'],
        principals: { Service: [`logs.${region}.amazonaws.com`] },
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:${region}:${accountId}:log-group:*`],
          },
        },
      },
      {
        // R12, as the zero-ETL encryption docs show it: Redshift may only create grants, only for
        // this account's integrations (RDS puts the integration ARN in the encryption context), and
        // only grants for the operations replication needs. No aws:SourceAccount: the docs' policy
        // has none, and a grant request without that key would be refused.
        sid: 'RedshiftCreatesGrantsForZeroEtlIntegrations',
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        principals: { Service: ['redshift.amazonaws.com'] },
        conditions: {
          ArnLike: {
            [`kms:EncryptionContext:${INTEGRATION_ENCRYPTION_CONTEXT_KEY}`]: [
              `arn:aws:rds:${region}:${accountId}:integration:*`,
            ],
          },
          'ForAllValues:StringEquals': { 'kms:GrantOperations': [...INTEGRATION_GRANT_OPERATIONS] },
        },
      },
      {
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        principals: { Service: ['cloudwatch.amazonaws.com'] },
        conditions: { StringEquals: { 'aws:SourceAccount': [accountId] } },
      },
    ];
    this.key = customerManagedKey(
      this,
      { policy: 'policy', key: 'key', alias: 'alias' },
      {
        accountId,
        description: `${props.namePrefix}: Aurora, Redshift, zero-ETL integration, logs and alarms`,
        aliasName: `alias/${props.namePrefix}`,
        serviceStatements,
        deletionWindowDays: props.deletionWindowDays,
        tags: { Name: props.namePrefix },
      },
    );
  }
}
