/** The Redshift Serverless side of zero-ETL: the workgroup's configuration (R2, K2), its subnets (R13) and its authorization (R3). */

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
 * R13, as "Considerations when using Amazon Redshift Serverless" states it: a workgroup needs at
 * least three subnets, and they must span three Availability Zones, with or without enhanced VPC
 * routing. US West (N. California) is the one exception: three subnets across only two zones, one of
 * the zones holding two of them. Zones are counted by zone ID (the same zone in every account).
 */
export const WORKGROUP_SUBNET_RULE = {
  minSubnets: 3,
  minZones: 3,
  /** Regions AWS documents with fewer zones for a workgroup (R13's exception), and that number. */
  minZonesByRegion: { 'us-west-1': 2 } as Readonly<Record<string, number>>,
} as const;
const { minSubnets: WORKGROUP_MIN_SUBNETS, minZones: WORKGROUP_MIN_ZONES } = WORKGROUP_SUBNET_RULE;

/** R13: the distinct zones a workgroup's subnets must span in `region`. */
export function workgroupMinZones(region: string): number {
  return WORKGROUP_SUBNET_RULE.minZonesByRegion[region] ?? WORKGROUP_MIN_ZONES;
}

/**
 * R13: what is wrong with a workgroup whose subnets lie in `subnetZoneIds` (one zone ID per subnet),
 * or undefined when AWS accepts it.
 */
export function workgroupSubnetProblem(region: string, subnetZoneIds: readonly string[]): string | undefined {
  const zones = new Set(subnetZoneIds).size;
  const minZones = workgroupMinZones(region);
  const needs =
    minZones === WORKGROUP_MIN_ZONES
      ? `at least ${WORKGROUP_MIN_SUBNETS} subnets in ${WORKGROUP_MIN_ZONES} distinct Availability Zones`
      : `at least ${WORKGROUP_MIN_SUBNETS} subnets in ${minZones} distinct Availability Zones in ${region} (the documented exception: one zone holds two of them)`;
  if (subnetZoneIds.length < WORKGROUP_MIN_SUBNETS || zones < minZones) {
    return `R13: a Redshift Serverless workgroup needs ${needs}, got ${subnetZoneIds.length} subnet${subnetZoneIds.length === 1 ? '' : 's'} in ${zones} zone${zones === 1 ? '' : 's'}`;
  }
  return undefined;
}

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
