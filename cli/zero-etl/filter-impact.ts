/**
 * `filter-impact`: what replacing the environment's data filter with another does to the target —
 * which tables it adds (created and seeded), which it removes (their data deleted from the target),
 * and that provider 5.x replaces the integration for any filter change (a full re-seed). Pure over the
 * table list; the caller reads the list from sql/schema.sql (offline) and, online, the warehouse.
 */
import { filterImpact, malformedFilterPatterns, type FilterImpact } from '../../rules';
import { type OperatedEnvironment } from './environment';
import { ZeroEtlUsageError } from './errors';

export interface FilterImpactReport extends FilterImpact {
  readonly environment: string;
  readonly currentFilter: string;
  readonly newFilter: string;
  /** Provider 5.x has no in-place update of data_filter: every change replaces the integration. */
  readonly replacesIntegration: boolean;
  /** Where the table list came from, e.g. `sql/schema.sql` or `sql/schema.sql + warehouse`. */
  readonly tablesFrom: string;
}

/** Throws a usage error naming every malformed pattern of `filter`. */
export function checkFilter(filter: string): void {
  const bad = malformedFilterPatterns(filter);
  if (bad.length > 0) {
    throw new ZeroEtlUsageError(
      `--filter has malformed patterns ${bad.map((pattern) => `"${pattern}"`).join(', ')}: write include: db.table or exclude: db.table, comma-separated`,
    );
  }
}

export function evaluateFilterChange(
  environment: OperatedEnvironment,
  newFilter: string,
  tables: readonly string[],
  tablesFrom: string,
): FilterImpactReport {
  checkFilter(newFilter);
  const impact = filterImpact(environment.dataFilter, newFilter, tables);
  return {
    environment: environment.name,
    currentFilter: environment.dataFilter,
    newFilter,
    ...impact,
    replacesIntegration: newFilter.trim() !== environment.dataFilter.trim(),
    tablesFrom,
  };
}

const list = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : '(none)');

export function renderFilterImpact(report: FilterImpactReport): string {
  const lines = [
    `Data filter of ${report.environment}: "${report.currentFilter}" → "${report.newFilter}" (tables from ${report.tablesFrom})`,
    `  added (created and seeded in the target):        ${list(report.added)}`,
    `  removed (their data is deleted from the target): ${list(report.removed)}`,
    `  kept:                                            ${list(report.kept)}`,
  ];
  if (report.replacesIntegration) {
    lines.push(
      '',
      'Applying it REPLACES the integration (hashicorp/aws 5.x cannot change data_filter in place): the target',
      'database is re-created and every replicated table is re-seeded from Aurora; queries see partial data until',
      'each table is Synced again (npm run zero-etl -- status ' + report.environment + ').',
    );
  } else {
    lines.push('', 'The filter is unchanged: applying it changes nothing.');
  }
  return lines.join('\n');
}
