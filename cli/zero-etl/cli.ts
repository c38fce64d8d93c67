/**
 * `npm run zero-etl -- <command> <environment> [options]`: operating the integration of one
 * environment. Thin edge: parse, run the command, print, map errors to exit codes (0 healthy or done,
 * 1 needs attention, 2 bad arguments or no access — one line on stderr, never a stack trace).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SCHEMA_FILE } from '../../paths';
import { tablesCreatedBy } from '../../shared/schema-tables';
import { StatementFailedError, sdkOperationsAws, type OperationsAws } from './aws';
import { findEnvironment, type OperatedEnvironment } from './environment';
import { ZeroEtlError, ZeroEtlUsageError } from './errors';
import { evaluateFilterChange, renderFilterImpact } from './filter-impact';
import { refresh, type RefreshSelection } from './refresh';
import { gatherStatus, renderStatus } from './status';

export const USAGE = `Usage: npm run zero-etl -- <command> <environment> [options]

Operates the zero-ETL integration of an environment of stacks/config/environments.ts, with the AWS
credentials and Region of your shell (AWS_PROFILE, AWS_ENDPOINT_URL, … as for the AWS CLI).

  status <environment> [--json]
      The integration (status, errors), Redshift's view of it (SVV_INTEGRATION: state, lag), every
      table's state with the fix for those not Synced (SVV_INTEGRATION_TABLE_STATE), the cluster's
      zero-ETL parameters against rules/ (drift, instances waiting for a reboot) and the target
      database. Only reads. Exit 0 healthy, 1 needs attention.
  refresh <environment> (--tables a,b | --failed | --all) [--timeout 30m] [--json]
      ALTER DATABASE … INTEGRATION REFRESH for those tables, then waits (bounded, with progress) until
      they are Synced. Exit 0 when they are, 1 when some are not (which and why).
  filter-impact <environment> --filter '<data_filter>' [--offline] [--json]
      Which tables a new data filter would add to the target (seeded) and remove from it (their data
      deleted), and whether applying it replaces the integration (in hashicorp/aws 5.x every change
      does: a full re-seed). Evaluated against the warehouse's tables and sql/schema.sql; --offline
      uses sql/schema.sql alone, with no AWS access.

Exit codes: 0 done or healthy, 1 the integration needs attention, 2 bad arguments or no access
(the message names the missing permission or setting). docs/operations.md is the runbook.`;

const SEE_HELP = '(npm run zero-etl -- --help shows the usage)';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export interface Dependencies {
  /** The AWS adapter for a Region. @default the AWS SDK v3 adapter */
  readonly aws?: (region: string) => OperationsAws;
}

const awsFor = (environment: OperatedEnvironment, dependencies: Dependencies) =>
  (dependencies.aws ?? sdkOperationsAws)(environment.region);

async function statusCommand(args: string[], io: Io, dependencies: Dependencies): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const environment = findEnvironment(positionals[0]);
  const report = await gatherStatus(awsFor(environment, dependencies), environment);
  io.out(values.json ? JSON.stringify(report, null, 2) : renderStatus(report));
  return report.healthy ? 0 : 1;
}

/** `30m`, `90s`, `2h` → milliseconds. */
function duration(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text.trim());
  if (!match) throw new ZeroEtlUsageError(`--timeout must look like 90s, 30m or 2h (got "${text}")`);
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

function selectionOf(values: { tables?: string; failed?: boolean; all?: boolean }): RefreshSelection {
  const chosen = [values.tables !== undefined, values.failed, values.all].filter(Boolean).length;
  if (chosen !== 1) {
    throw new ZeroEtlUsageError(`refresh needs exactly one of --tables a,b, --failed or --all ${SEE_HELP}`);
  }
  if (values.failed) return { kind: 'failed' };
  if (values.all) return { kind: 'all' };
  const tables = (values.tables ?? '')
    .split(',')
    .map((table) => table.trim())
    .filter(Boolean);
  if (tables.length === 0) {
    throw new ZeroEtlUsageError('--tables needs at least one table name, e.g. --tables posts,users');
  }
  return { kind: 'tables', tables };
}

async function refreshCommand(args: string[], io: Io, dependencies: Dependencies): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tables: { type: 'string' },
      failed: { type: 'boolean' },
      all: { type: 'boolean' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const environment = findEnvironment(positionals[0]);
  const selection = selectionOf(values);
  const timeoutMs = duration(values.timeout ?? '30m');
  const result = await refresh(awsFor(environment, dependencies), environment, selection, {
    timeoutMs,
    progress: (line) => io.err(`zero-etl: ${line}`),
  });
  if (values.json) {
    io.out(JSON.stringify(result, null, 2));
  } else if (result.synced) {
    const names = result.tables.map((table) => table.table).join(', ');
    io.out(names ? `Refreshed and Synced: ${names}.` : 'Every table was already Synced.');
  } else {
    const lines = result.tables
      .filter((table) => table.state !== 'Synced')
      .map(
        (table) =>
          `  ${table.schema}.${table.table}: ${table.state}${table.reason ? ` (${table.reason})` : ''}` +
          (table.fix ? `; fix: ${table.fix}` : ''),
      );
    io.out(['Not Synced within the timeout:', ...lines].join('\n'));
  }
  return result.synced ? 0 : 1;
}

async function filterImpactCommand(args: string[], io: Io, dependencies: Dependencies): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filter: { type: 'string' }, offline: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const environment = findEnvironment(positionals[0]);
  if (values.filter === undefined) {
    throw new ZeroEtlUsageError(`filter-impact needs --filter '<data_filter>' ${SEE_HELP}`);
  }
  const fromSchema = tablesCreatedBy(readFileSync(SCHEMA_FILE, 'utf8')).map(
    (table) => `${environment.sourceDatabase}.${table}`,
  );
  let tables = fromSchema;
  let tablesFrom = 'sql/schema.sql';
  if (!values.offline) {
    const status = await gatherStatus(awsFor(environment, dependencies), environment);
    tables = [...new Set([...fromSchema, ...status.tables.map((table) => `${table.schema}.${table.table}`)])];
    tablesFrom = 'sql/schema.sql and the warehouse';
  }
  const report = evaluateFilterChange(environment, values.filter, tables, tablesFrom);
  io.out(values.json ? JSON.stringify(report, null, 2) : renderFilterImpact(report));
  return 0;
}

const COMMANDS: Record<string, (args: string[], io: Io, dependencies: Dependencies) => Promise<number>> = {
  status: statusCommand,
  refresh: refreshCommand,
  'filter-impact': filterImpactCommand,
};

export async function main(
  argv: readonly string[],
  io: Io,
  dependencies: Dependencies = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
      io.out(USAGE);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new ZeroEtlUsageError(`unknown command "${command}" ${SEE_HELP}`);
    return await run(rest, io, dependencies);
  } catch (error) {
    if (error instanceof StatementFailedError) {
      io.err(`zero-etl: Redshift refused a statement: ${error.message}`);
      return 2;
    }
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (error instanceof ZeroEtlError || usage) {
      io.err(`zero-etl: ${(error as Error).message}${usage ? ` ${SEE_HELP}` : ''}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  // The SDK warns on every run that its releases after January 2027 need Node 22; this project pins its
  // SDK version exactly and says so in the README, so the warning would only bury the command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`zero-etl: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
