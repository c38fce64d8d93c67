/** Combines the rule results into a report, and maps a report to the CLI's exit code (pure). */
import { evaluateSchema, evaluateServer, type Check, type SchemaFacts, type ServerFacts } from '../../rules';
import type { PreflightReport, PreflightSummary } from './types';

/** Exit codes of `npm run preflight`. */
export const EXIT_CODES = { ok: 0, failed: 1, unusable: 2 } as const;

export function summarise(checks: readonly Check[]): PreflightSummary {
  const count = (status: Check['status']) => checks.filter((check) => check.status === status).length;
  return { passed: count('pass'), warnings: count('warn'), failed: count('fail'), notes: count('info') };
}

export interface ReportSource {
  /** The schema file checked instead of databases. @default - databases were checked */
  readonly schemaFile?: string;
  /** Checks of the file's text (S6), reported after the tables'. @default [] */
  readonly extraChecks?: readonly Check[];
}

export function buildReport(
  target: string,
  server: ServerFacts,
  schema: SchemaFacts,
  source: ReportSource = {},
): PreflightReport {
  const schemaResult = evaluateSchema(schema);
  const checks = [...evaluateServer(server), ...schemaResult.checks, ...(source.extraChecks ?? [])];
  const summary = summarise(checks);
  return {
    target,
    server: { version: server.version, auroraVersion: server.auroraVersion ?? null },
    databases: schema.databases,
    ...(source.schemaFile ? { schemaFile: source.schemaFile } : {}),
    checks,
    columns: schemaResult.columns,
    summary,
    ok: summary.failed === 0,
  };
}

export function exitCodeFor(report: PreflightReport): number {
  return report.ok ? EXIT_CODES.ok : EXIT_CODES.failed;
}
