/** The `aws_rds_integration` itself: its name (T2), its data filter (T3) and its id (R11). */

/** T2: RDS integration names are 1–63 characters of `[a-zA-Z](-?[a-zA-Z0-9]+)*` (no underscores). */
export const INTEGRATION_NAME_PATTERN = /^[a-zA-Z](-?[a-zA-Z0-9]+)*$/;
export const INTEGRATION_NAME_MAX_LENGTH = 63;

/** T3: one Maxwell-style filter pattern, `include:` or `exclude:` then `database.table` (wildcards allowed). */
export const DATA_FILTER_PATTERN = /^(include|exclude):\s*[^\s.,]+\.[^\s.,]+$/;
/** T3: a data filter holds at most this many comma-separated patterns. */
export const DATA_FILTER_MAX_PATTERNS = 99;
/** T3: the filter of an integration created without one: every table of every database. */
export const DEFAULT_DATA_FILTER = 'include: *.*';

/** T3: the filter that replicates exactly one source database. */
export function databaseDataFilter(database: string): string {
  return `include: ${database}.*`;
}

/** T3: the patterns of `filter` that are malformed (empty when it is valid). */
export function malformedFilterPatterns(filter: string): string[] {
  return splitDataFilter(filter).filter((pattern) => !DATA_FILTER_PATTERN.test(pattern));
}

export function splitDataFilter(filter: string): string[] {
  return filter.split(',').map((pattern) => pattern.trim());
}

/** R11: the integration id is the last segment of its ARN (`arn:aws:rds:<region>:<account>:integration:<id>`). */
export const INTEGRATION_ID_ARN_SEGMENT = 6;
