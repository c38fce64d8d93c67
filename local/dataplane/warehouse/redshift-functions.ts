/**
 * Redshift functions PostgreSQL lacks, created in `pg_catalog` (where Redshift's own live) so they
 * resolve whatever the search path is. SQL written for Redshift, such as the deploy scripts'
 * bookkeeping tables, then runs unchanged on the embedded warehouse.
 */

/**
 * GETDATE(): "the current date and time in the current session time zone (UTC by default) … the
 * start date or time of the current statement, even when it is within a transaction block", type
 * TIMESTAMP, whole seconds as the page's examples show (Amazon Redshift Database Developer Guide,
 * "GETDATE function", https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html).
 * PostgreSQL's statement_timestamp() is that instant; STABLE like it.
 */
const GETDATE = `CREATE OR REPLACE FUNCTION pg_catalog.getdate() RETURNS timestamp without time zone
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('second', statement_timestamp())::timestamp without time zone $$`;

/** The statements that create every modelled function (idempotent: safe on a cached image). */
export const REDSHIFT_FUNCTIONS_SQL: readonly string[] = [GETDATE];
