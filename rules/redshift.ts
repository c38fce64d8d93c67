/** The Redshift Serverless side of zero-ETL: the workgroup's configuration (R2, K2). */

/**
 * K2: every config parameter AWS returns for a workgroup, declared so plans stay clean; R2 needs
 * case-sensitive identifiers (MySQL table names are case-sensitive); require_ssl keeps clients on TLS.
 */
export const WORKGROUP_CONFIG_PARAMETERS: Readonly<Record<string, string>> = {
  auto_mv: 'true',
  datestyle: 'ISO, MDY',
  enable_case_sensitive_identifier: 'true',
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
const WORKGROUP_MIN_SUBNETS = 3;
const WORKGROUP_MIN_ZONES = 3;
/** Regions AWS documents with fewer zones for a workgroup (R13's exception), and that number. */
const WORKGROUP_MIN_ZONES_EXCEPTIONS: Readonly<Record<string, number>> = { 'us-west-1': 2 };

/** R13: the distinct zones a workgroup's subnets must span in `region`. */
export function workgroupMinZones(region: string): number {
  return WORKGROUP_MIN_ZONES_EXCEPTIONS[region] ?? WORKGROUP_MIN_ZONES;
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
