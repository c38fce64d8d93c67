/**
 * The shapes the zero-ETL rules evaluate: facts read from a MySQL-compatible server (by
 * shared/mysql-schema.ts) and the checks the rules return. Plain data, no I/O.
 */

/** Server-level facts: the version and the global variables the rules look at. */
export interface ServerFacts {
  /** `@@version`, e.g. `8.0.32` or `10.11.19-MariaDB-0+deb12u1`. */
  readonly version: string;
  /** `@@aurora_version` (e.g. `3.05.2`); absent on anything but Aurora MySQL. */
  readonly auroraVersion?: string;
  /** Lower-case global variable name → value; a variable the server does not have is absent. */
  readonly variables: Readonly<Record<string, string>>;
}

export interface ColumnFacts {
  readonly name: string;
  /**
   * `information_schema.COLUMNS.COLUMN_TYPE`, e.g. `int(10) unsigned`; `json` for JSON columns on
   * MariaDB too (which reports them as `longtext` with a `json_valid()` check).
   */
  readonly columnType: string;
  readonly nullable: boolean;
}

export interface ForeignKeyFacts {
  readonly name: string;
  readonly referencedTable: string;
  /** `RESTRICT`, `NO ACTION`, `CASCADE`, `SET NULL` or `SET DEFAULT`. */
  readonly deleteRule: string;
  readonly updateRule: string;
}

export interface TableFacts {
  readonly database: string;
  readonly name: string;
  /** Storage engine, e.g. `InnoDB`; null when the server reports none. */
  readonly engine: string | null;
  /** Primary-key columns in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnFacts[];
  readonly foreignKeys: readonly ForeignKeyFacts[];
}

export interface ViewFacts {
  readonly database: string;
  readonly name: string;
}

export interface SchemaFacts {
  readonly databases: readonly string[];
  readonly tables: readonly TableFacts[];
  readonly views: readonly ViewFacts[];
}

/** `info` marks notes (not applicable, not replicated) that never change the exit code. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info';

export interface Check {
  /** Rule id, defined in rules/catalog.ts (see rules/RULES.md), e.g. `A3`, `S1`. */
  readonly rule: string;
  /** What was checked: a variable name, `db.table` or `db.table.column`. */
  readonly subject: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly message: string;
  /** How to fix it (set on warn and fail). */
  readonly fix?: string;
}

/** One column with the Redshift type zero-ETL will give it (S7). */
export interface ColumnMappingRow {
  readonly table: string;
  readonly column: string;
  readonly mysqlType: string;
  /** Null when the type is unsupported. */
  readonly redshiftType: string | null;
  readonly status: Exclude<CheckStatus, 'info'>;
}
