/**
 * The zero-ETL requirements as one pure module: no I/O and no imports from outside rules/ (lint
 * enforces it). Configuration validation, the constructs, the preflight, the local pipeline and
 * the MySQL launcher all read their values and checks from here. Ids are defined in catalog.ts.
 */
export {
  AURORA_ENGINE,
  AURORA_PARAMETER_GROUP_FAMILY,
  FORBIDDEN_PARAMETER_VALUES,
  MIN_AURORA_VERSION,
  SERVER_VARIABLES,
  ZERO_ETL_CLUSTER_PARAMETERS,
  auroraReleaseOf,
  compareVersions,
  parameterConflict,
  supportsZeroEtl,
  type ClusterParameterRule,
  type ParameterCheck,
} from './aurora';
export { RULES, ruleById, type RuleArea, type RuleDefinition } from './catalog';
export {
  DATA_FILTER_MAX_PATTERNS,
  DATA_FILTER_PATTERN,
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
  CASE_SENSITIVE_IDENTIFIER,
  INTEGRATION_AUTHORIZATION,
  WORKGROUP_CONFIG_PARAMETERS,
  WORKGROUP_MIN_ZONES,
} from './redshift';
export {
  LOCAL_CLOUD_RULES_NOTE,
  localCloudRules,
  renderLocalCloudRules,
  type LocalCloudRules,
} from './local-cloud-export';
export { renderRulesMarkdown } from './rules-markdown';
export { evaluateServer } from './server-checks';
export {
  REDSHIFT_MAX_IDENTIFIER_BYTES,
  RESERVED_COLUMN_NAMES,
  UNSUPPORTED_REFERENTIAL_ACTIONS,
  evaluateSchema,
  evaluateTable,
} from './table-checks';
export {
  REDSHIFT_MAX_DECIMAL_PRECISION,
  REDSHIFT_MAX_DECIMAL_SCALE,
  REDSHIFT_MAX_VARCHAR_BYTES,
  parseColumnType,
  redshiftTypeFor,
  type ParsedColumnType,
  type RedshiftMapping,
  type SupportedMapping,
  type UnsupportedMapping,
} from './type-mapping';
export type * from './types';
