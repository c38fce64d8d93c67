/**
 * The zero-ETL requirements as one pure module: no I/O and no imports from outside rules/ (lint
 * enforces it). Configuration validation, the constructs, the preflight, the local pipeline and
 * the MySQL launcher all read their values and checks from here. Ids are defined in catalog.ts.
 */
export {
  AURORA_ENGINE,
  AURORA_PARAMETER_GROUP_FAMILY,
  MIN_AURORA_VERSION,
  SERVER_VARIABLES,
  ZERO_ETL_CLUSTER_PARAMETERS,
  auroraReleaseOf,
  compareVersions,
  parameterConflict,
  supportsZeroEtl,
} from './aurora';
export { RULES, ruleById } from './catalog';
export {
  DATA_FILTER_MAX_PATTERNS,
  DEFAULT_DATA_FILTER,
  INTEGRATION_ID_ARN_SEGMENT,
  INTEGRATION_NAME_MAX_LENGTH,
  INTEGRATION_NAME_PATTERN,
  databaseDataFilter,
  malformedFilterPatterns,
  splitDataFilter,
} from './integration';
export {
  INTEGRATION_METRICS,
  INTEGRATION_METRIC_DIMENSION,
  INTEGRATION_METRIC_NAMESPACE,
  SOURCE_CHANGE_LOG_METRICS,
} from './monitoring';
export {
  LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
  LAMBDA_MAX_RESERVABLE_CONCURRENCY,
  LAMBDA_MIN_UNRESERVED_CONCURRENCY,
} from './lambda';
export {
  INTEGRATION_AUTHORIZATION,
  WORKGROUP_CONFIG_PARAMETERS,
  workgroupMinZones,
  workgroupSubnetProblem,
} from './redshift';
export { localCloudRules, renderLocalCloudRules } from './local-cloud-export';
export { renderRulesMarkdown } from './rules-markdown';
export { resyncingDdl } from './ddl-checks';
export {
  filterDecision,
  filterImpact,
  parseDataFilter,
  type FilterImpact,
  type FilterPattern,
} from './data-filter';
export { evaluateServer } from './server-checks';
export { evaluateSchema, evaluateTable } from './table-checks';
export type * from './types';
