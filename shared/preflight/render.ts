/** Human-readable and JSON renderings of a preflight report (pure). */
import type { Check } from '../../rules';
import { textTable } from '../text-table';
import type { PreflightReport } from './types';

const STATUS_LABEL: Record<Check['status'], string> = {
  pass: 'pass',
  warn: 'WARN',
  fail: 'FAIL',
  info: 'note',
};

/** Up to this many columns, the mapping lists every one; beyond, only those that warn or fail. */
const COLUMNS_LISTED_IN_FULL = 100;

export function renderHuman(report: PreflightReport): string {
  const server = report.server.auroraVersion
    ? `Aurora MySQL ${report.server.auroraVersion} (${report.server.version})`
    : report.server.version;
  const rows: string[][] = [];
  for (const check of report.checks) {
    rows.push([STATUS_LABEL[check.status], check.rule, check.subject, check.message]);
    if (check.fix && check.status !== 'pass') rows.push(['', '', '', `fix: ${check.fix}`]);
  }
  // A wide schema would bury the problems under thousands of passing columns: list those only when few.
  const listed =
    report.columns.length <= COLUMNS_LISTED_IN_FULL
      ? report.columns
      : report.columns.filter((row) => row.status !== 'pass');
  const unlisted = report.columns.length - listed.length;
  const columns = listed.map((row) => [
    row.table,
    row.column,
    row.mysqlType,
    row.redshiftType ?? 'unsupported',
    STATUS_LABEL[row.status],
  ]);
  const { passed, warnings, failed, notes } = report.summary;
  return [
    `zero-ETL preflight of ${report.target}`,
    `server: ${server}; ${
      report.schemaFile
        ? `schema file: ${report.schemaFile}`
        : `databases: ${report.databases.join(', ') || '(none)'}`
    }`,
    '',
    textTable(['STATUS', 'RULE', 'SUBJECT', 'DETAIL'], rows),
    '',
    'Column types in Redshift (S7):',
    columns.length > 0
      ? textTable(['TABLE', 'COLUMN', 'MYSQL TYPE', 'REDSHIFT TYPE', 'STATUS'], columns)
      : unlisted > 0
        ? '(no column needs attention)'
        : '(no columns)',
    ...(unlisted > 0
      ? [`… and ${unlisted} more columns that map to Redshift without loss (--json lists every column).`]
      : []),
    '',
    `${failed} failed, ${warnings} warning(s), ${passed} passed, ${notes} note(s): ` +
      (report.ok ? 'ready for zero-ETL.' : 'fix the FAIL rows above before creating the integration.'),
  ].join('\n');
}

export function renderJson(report: PreflightReport): string {
  return JSON.stringify(report, null, 2);
}
