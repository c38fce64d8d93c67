/**
 * `refresh`: asks Redshift to re-copy tables from the source — the named ones, the failed ones or
 * all — with `ALTER DATABASE <target> INTEGRATION REFRESH …` (Redshift SQL reference, ALTER DATABASE:
 * `REFRESH { { ALL | INERROR } TABLES | TABLE schema.table [, …] }`), then waits, bounded, until those
 * tables are Synced, printing progress; or reports which are not and why.
 */
import { type OperationsAws, type SqlTarget } from './aws';
import { type OperatedEnvironment } from './environment';
import { ZeroEtlAccessError, ZeroEtlUsageError } from './errors';
import { gatherStatus, tableFix, type TableStatus } from './status';

export type RefreshSelection =
  | { readonly kind: 'tables'; readonly tables: readonly string[] }
  | { readonly kind: 'failed' }
  | { readonly kind: 'all' };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The REFRESH statement for a selection (pure); table names are checked before they reach SQL. */
export function refreshStatement(environment: OperatedEnvironment, selection: RefreshSelection): string {
  const database = quote(environment.targetDatabase);
  if (selection.kind === 'all') return `ALTER DATABASE ${database} INTEGRATION REFRESH ALL TABLES`;
  if (selection.kind === 'failed') return `ALTER DATABASE ${database} INTEGRATION REFRESH INERROR TABLES`;
  const bad = selection.tables.filter((table) => !IDENTIFIER.test(table));
  if (bad.length > 0)
    throw new ZeroEtlUsageError(`--tables has names that are not tables: ${bad.join(', ')}`);
  const tables = selection.tables.map((table) => `${quote(environment.sourceDatabase)}.${quote(table)}`);
  return `ALTER DATABASE ${database} INTEGRATION REFRESH TABLE ${tables.join(', ')}`;
}

export interface RefreshOptions {
  /** How long to wait for the tables to be Synced. */
  readonly timeoutMs: number;
  /** How often to look. @default 5_000 */
  readonly pollMs?: number;
  readonly progress: (line: string) => void;
}

export interface RefreshResult {
  readonly statement: string;
  /** The tables waited for, as they ended. */
  readonly tables: readonly TableStatus[];
  readonly synced: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the refresh and waits; a selection naming no table of the integration is a usage error. */
export async function refresh(
  aws: OperationsAws,
  environment: OperatedEnvironment,
  selection: RefreshSelection,
  options: RefreshOptions,
): Promise<RefreshResult> {
  const before = await gatherStatus(aws, environment);
  if (!before.integration) {
    throw new ZeroEtlUsageError(
      `no integration named ${environment.integrationName} to refresh: deploy the stack first`,
    );
  }
  if (!before.targetDatabase.exists) {
    throw new ZeroEtlUsageError(
      `the target database ${environment.targetDatabase} does not exist yet: nothing to refresh (bash scripts/create-integration-database)`,
    );
  }
  const known = before.tables.map((table) => table.table);
  let waitFor: string[];
  if (selection.kind === 'tables') {
    const unknown = selection.tables.filter((table) => !known.includes(table));
    if (unknown.length > 0) {
      throw new ZeroEtlUsageError(
        `not tables of the integration: ${unknown.join(', ')} (it has ${known.join(', ') || 'none'})`,
      );
    }
    waitFor = [...selection.tables];
  } else if (selection.kind === 'failed') {
    waitFor = before.tables.filter((table) => table.state !== 'Synced').map((table) => table.table);
    if (waitFor.length === 0) {
      options.progress('every table is Synced: nothing to refresh');
      return { statement: '', tables: [], synced: true };
    }
  } else {
    waitFor = known;
  }

  const statement = refreshStatement(environment, selection);
  const secretArn = await aws.adminSecretArn(environment.namespace);
  if (!secretArn)
    throw new ZeroEtlAccessError(`the namespace ${environment.namespace} has no managed admin secret`);
  const target: SqlTarget = {
    workgroup: environment.workgroup,
    secretArn,
    database: environment.connectDatabase,
  };
  options.progress(`running: ${statement}`);
  await aws.execute(target, statement);

  const started = Date.now();
  for (;;) {
    const now = await gatherStatus(aws, environment);
    const tables = now.tables.filter((table) => waitFor.includes(table.table));
    const synced = tables.filter((table) => table.state === 'Synced');
    const waiting = tables.filter((table) => table.state !== 'Synced');
    options.progress(
      `${Math.round((Date.now() - started) / 1000)}s: ${synced.length}/${waitFor.length} Synced` +
        (waiting.length > 0 ? `; ${waiting.map((table) => `${table.table} ${table.state}`).join(', ')}` : ''),
    );
    if (waiting.length === 0 && tables.length === waitFor.length) return { statement, tables, synced: true };
    if (Date.now() - started >= options.timeoutMs) {
      return {
        statement,
        tables: tables.map((table) => ({ ...table, fix: tableFix(environment, table) })),
        synced: false,
      };
    }
    await sleep(options.pollMs ?? 5_000);
  }
}
