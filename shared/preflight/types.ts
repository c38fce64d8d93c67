/** The preflight report: the zero-ETL rules' checks (rules/types.ts) over one server, summarised. */
import type { Check, ColumnMappingRow } from '../../rules';

export interface PreflightSummary {
  readonly passed: number;
  readonly warnings: number;
  readonly failed: number;
  readonly notes: number;
}

export interface PreflightReport {
  /** The server checked, with the password removed. */
  readonly target: string;
  readonly server: { readonly version: string; readonly auroraVersion: string | null };
  /** The databases checked (none with `--schema-file`). */
  readonly databases: readonly string[];
  /** The schema file checked, with `--schema-file`. */
  readonly schemaFile?: string;
  readonly checks: readonly Check[];
  readonly columns: readonly ColumnMappingRow[];
  readonly summary: PreflightSummary;
  /** True when no check failed. */
  readonly ok: boolean;
}
