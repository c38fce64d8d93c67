import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { policyDocument } from './policy-document';

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

/** The encryption-context key RDS sets to the integration's ARN when it uses the key (R12). */
export const INTEGRATION_ENCRYPTION_CONTEXT_KEY = 'aws:redshift:integration:arn';
/** The grant operations Redshift needs for an integration (R12). */
export const INTEGRATION_GRANT_OPERATIONS = ['CreateGrant', 'Decrypt', 'GenerateDataKey'] as const;

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
    const policy = policyDocument(this, 'policy', [
      {
        sid: 'AccountAdministersAndUsesKeyThroughIam',
        actions: KEY_ACCOUNT_ACTIONS,
        resources: ['*'],
        principals: { AWS: [`arn:aws:iam::${accountId}:root`] },
      },
      {
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:DescribeKey',
        ],
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
    ]);
    this.key = new KmsKey(this, 'key', {
      description: `${props.namePrefix}: Aurora, Redshift, zero-ETL integration, logs and alarms`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policy.json,
      tags: { Name: props.namePrefix },
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.namePrefix}`, targetKeyId: this.key.keyId });
  }
}
