/** Runs the Redshift analytics queries (`sql/analytics/*.sql`) against the local warehouse. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ANALYTICS_DIR } from '../../../paths';
import type { QueryResult, Warehouse } from './warehouse';

export interface AnalyticsQuery {
  /** File name without `.sql`, e.g. `posts_per_user`. */
  readonly name: string;
  readonly sql: string;
}

export type AnalyticsResult =
  | ({ readonly name: string; readonly ok: true; readonly durationMs: number } & QueryResult)
  | { readonly name: string; readonly ok: false; readonly error: string };

/** Every `.sql` file in the folder, in name order (none when the folder is missing). */
export function loadAnalyticsQueries(dir: string = ANALYTICS_DIR): AnalyticsQuery[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: basename(file, '.sql'), sql: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * Runs each query with `search_path` set to the replicated schema, so unqualified table names
 * resolve as they do in Redshift after `SET search_path`. A failing query is reported, not thrown.
 */
export async function runAnalytics(
  warehouse: Warehouse,
  queries: readonly AnalyticsQuery[],
  schema: string,
): Promise<AnalyticsResult[]> {
  const results: AnalyticsResult[] = [];
  for (const query of queries) {
    const started = performance.now();
    try {
      const result = await warehouse.query(query.sql, schema);
      results.push({ name: query.name, ok: true, durationMs: performance.now() - started, ...result });
    } catch (error) {
      results.push({ name: query.name, ok: false, error: (error as Error).message });
    }
  }
  return results;
}
