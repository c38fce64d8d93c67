/** Names and limits shared by the ingestion Lambda's modules. */

/** The six JSONPlaceholder resources, in foreign-key (load) order. */
export const RESOURCE_NAMES = ['users', 'posts', 'comments', 'albums', 'photos', 'todos'] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** The MySQL error numbers the Lambda reacts to. */
export const MYSQL_ERRNO = {
  ACCESS_DENIED: 1045,
  LOCK_WAIT_TIMEOUT: 1205,
  DEADLOCK: 1213,
  ROW_IS_REFERENCED: 1451,
} as const;

/** Named lock (GET_LOCK) that serialises ingestion runs on one database. */
export const INGEST_LOCK_PREFIX = 'zero_etl_ingest:';

/** At most this many `errors` entries go into a response; the rest are summarised in one entry. */
export const MAX_REPORTED_ERRORS = 200;

/** EMF namespace for the function's metrics. */
export const METRICS_NAMESPACE = 'ZeroEtl/Ingestion';

/** `errors[].resource` for problems that concern the whole run. */
export const RUN_SCOPE = '*';
