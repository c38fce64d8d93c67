/** Terminal output of `npm start` (pure functions from results to text). */
import { textTable } from '../../shared/text-table';
import type { PreflightReport } from '../../shared/preflight';
import type { AnalyticsResult } from '../dataplane/warehouse/analytics';
import type { LagSummary } from '../dataplane/cdc/lag-tracker';
import type { RunBody } from '../../lambda/src/report';
import type { LambdaResult } from '../dataplane/lambda-runner';
import type { TableStateRow } from '../dataplane/cdc/table-state';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export const formatLag = (lag: LagSummary) =>
  `p50 ${formatMs(lag.p50)}, p95 ${formatMs(lag.p95)} (${lag.samples} samples)`;

export function renderPreflight(report: PreflightReport): string {
  const { passed, warnings, failed } = report.summary;
  const problems = report.checks
    .filter((check) => check.status === 'fail' || check.status === 'warn')
    .map((check) => `  ${check.status.toUpperCase()} ${check.rule} ${check.subject}: ${check.message}`);
  const verdict = report.ok
    ? 'ready for zero-ETL'
    : 'NOT ready for zero-ETL (run `npm run preflight` for details)';
  return [
    `Preflight: ${failed} failed, ${warnings} warning(s), ${passed} passed: ${verdict}.`,
    ...problems,
  ].join('\n');
}

/** Parses the Lambda's body; undefined when it is not an ingest report. */
export function parseRunBody(result: LambdaResult): RunBody | undefined {
  try {
    const body = JSON.parse(result.body) as Partial<RunBody>;
    return body && typeof body.resources === 'object' && body.resources ? (body as RunBody) : undefined;
  } catch {
    return undefined;
  }
}

export function renderIngest(result: LambdaResult, durationMs: number): string {
  const report = parseRunBody(result);
  if (!report) return `Lambda answered ${result.statusCode}: ${result.body}`;
  const rows = Object.entries(report.resources).map(([name, counts]) => [
    name,
    String(counts.fetched),
    String(counts.upserted),
    String(counts.unchanged),
    String(counts.rejected),
  ]);
  const errors = report.errors
    .slice(0, 5)
    .map((error) => `  ${error.resource}${error.id ? `#${error.id}` : ''}: ${error.reason}`);
  if (report.errors.length > 5) errors.push(`  … and ${report.errors.length - 5} more`);
  return [
    `Lambda run ${report.run_id}: status ${result.statusCode}, ${report.total_records} records in ${formatMs(durationMs)}`,
    textTable(['RESOURCE', 'FETCHED', 'UPSERTED', 'UNCHANGED', 'REJECTED'], rows),
    ...(errors.length > 0 ? ['Errors:', ...errors] : []),
  ].join('\n');
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export function renderAnalytics(results: readonly AnalyticsResult[], maxRows = 10): string {
  if (results.length === 0) return 'Analytics: no queries in sql/analytics/.';
  return results
    .map((result) => {
      if (!result.ok) return `-- ${result.name}: FAILED: ${result.error}`;
      const shown = result.rows
        .slice(0, maxRows)
        .map((row) => result.columns.map((column) => cell(row[column])));
      const more = result.rows.length > maxRows ? `\n(${result.rows.length - maxRows} more rows)` : '';
      return `-- ${result.name} (${result.rows.length} rows, ${formatMs(result.durationMs)})\n${
        result.columns.length > 0 ? textTable(result.columns, shown) : '(no result set)'
      }${more}`;
    })
    .join('\n\n');
}

export interface SummaryInput {
  readonly states: readonly TableStateRow[];
  readonly rowCounts: ReadonlyMap<string, number>;
  readonly snapshotRows: number;
  readonly snapshotMs: number;
  readonly changesApplied: number;
  readonly lag: LagSummary;
}

export function renderSummary(input: SummaryInput): string {
  const rows = input.states.map((row) => [
    row.table,
    row.state,
    row.state === 'Synced' ? String(input.rowCounts.get(row.table) ?? 0) : '-',
    row.fix ? `${row.reason}. Fix: ${row.fix}` : row.reason,
  ]);
  const synced = input.states.filter((row) => row.state === 'Synced').length;
  const failed = input.states.filter((row) => row.state === 'Failed').length;
  return [
    'Integration tables (like SVV_INTEGRATION_TABLE_STATE):',
    textTable(['TABLE', 'STATE', 'ROWS', 'REASON'], rows),
    `${synced} Synced, ${failed} Failed; snapshot ${input.snapshotRows} rows in ${formatMs(input.snapshotMs)}; ` +
      `${input.changesApplied} changes replicated from the binlog; replication lag ${formatLag(input.lag)}.`,
  ].join('\n');
}

export function renderProgress(input: {
  readonly changesApplied: number;
  readonly lag: LagSummary;
  readonly nextIngestInMs: number;
  readonly ingesting: boolean;
}): string {
  const time = new Date().toISOString().slice(11, 19);
  const next = input.ingesting ? 'ingesting now' : `next ingest in ${formatMs(input.nextIngestInMs)}`;
  return `[${time}] ${input.changesApplied} changes replicated · lag ${formatLag(input.lag)} · ${next}`;
}
