/** The Redshift Serverless side of zero-ETL: the workgroup's configuration (R2, K2) and its authorization (R3). */

/** R2: the workgroup parameter that keeps identifiers' case, and the value zero-ETL needs (AWS's default is false). */
export const CASE_SENSITIVE_IDENTIFIER = {
  parameter: 'enable_case_sensitive_identifier',
  value: 'true',
} as const;

/**
 * K2: every config parameter AWS returns for a workgroup, declared so plans stay clean; R2 needs
 * case-sensitive identifiers (MySQL table names are case-sensitive); require_ssl keeps clients on TLS.
 */
export const WORKGROUP_CONFIG_PARAMETERS: Readonly<Record<string, string>> = {
  auto_mv: 'true',
  datestyle: 'ISO, MDY',
  [CASE_SENSITIVE_IDENTIFIER.parameter]: CASE_SENSITIVE_IDENTIFIER.value,
  enable_user_activity_logging: 'true',
  max_query_execution_time: '14400',
  query_group: 'default',
  require_ssl: 'true',
  search_path: '$user, public',
  use_fips_ssl: 'false',
};

/**
 * R13: a workgroup's subnets span at least this many Availability Zones (by zone ID, which is the
 * same in every account): two, or three with enhanced VPC routing.
 */
export const WORKGROUP_MIN_ZONES = { withoutEnhancedVpcRouting: 2, withEnhancedVpcRouting: 3 } as const;

/**
 * R3: what the namespace's resource policy grants. The source cluster is authorised through the
 * Redshift service principal with `aws:SourceArn`; the principal creating the integration (the
 * account's root stands for every identity the account's IAM allows) gets CreateInboundIntegration.
 */
export const INTEGRATION_AUTHORIZATION = {
  sourceAction: 'redshift:AuthorizeInboundIntegration',
  sourceServicePrincipal: 'redshift.amazonaws.com',
  sourceArnConditionKey: 'aws:SourceArn',
  creatorAction: 'redshift:CreateInboundIntegration',
} as const;
