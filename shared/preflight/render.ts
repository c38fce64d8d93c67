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

export function renderHuman(report: PreflightReport): string {
  const server = report.server.auroraVersion
    ? `Aurora MySQL ${report.server.auroraVersion} (${report.server.version})`
    : report.server.version;
  const rows: string[][] = [];
  for (const check of report.checks) {
    rows.push([STATUS_LABEL[check.status], check.rule, check.subject, check.message]);
    if (check.fix && check.status !== 'pass') rows.push(['', '', '', `fix: ${check.fix}`]);
  }
  const columns = report.columns.map((row) => [
    row.table,
    row.column,
    row.mysqlType,
    row.redshiftType ?? 'unsupported',
    STATUS_LABEL[row.status],
  ]);
  const { passed, warnings, failed, notes } = report.summary;
  return [
    `zero-ETL preflight of ${report.target}`,
    `server: ${server}; databases: ${report.databases.join(', ') || '(none)'}`,
    '',
    textTable(['STATUS', 'RULE', 'SUBJECT', 'DETAIL'], rows),
    '',
    'Column types in Redshift (S7):',
    columns.length > 0
      ? textTable(['TABLE', 'COLUMN', 'MYSQL TYPE', 'REDSHIFT TYPE', 'STATUS'], columns)
      : '(no columns)',
    '',
    `${failed} failed, ${warnings} warning(s), ${passed} passed, ${notes} note(s): ` +
      (report.ok ? 'ready for zero-ETL.' : 'fix the FAIL rows above before creating the integration.'),
  ].join('\n');
}

export function renderJson(report: PreflightReport): string {
  return JSON.stringify(report, null, 2);
}
