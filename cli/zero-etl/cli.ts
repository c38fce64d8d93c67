/**
 * `npm run zero-etl -- <command> <environment> [options]`: operating the integration of one
 * environment. Thin edge: parse, run the command, print, map errors to exit codes (0 healthy or done,
 * 1 needs attention, 2 bad arguments or no access — one line on stderr, never a stack trace).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SCHEMA_FILE } from '../../paths';
import { tablesCreatedBy } from '../../shared/schema-tables';
import { findEnvironment } from './environment';
import { ZeroEtlError } from './errors';
import { evaluateFilterChange, renderFilterImpact } from './filter-impact';

export const USAGE = `Usage: npm run zero-etl -- <command> <environment> [options]

Operates the zero-ETL integration of an environment of stacks/config/environments.ts.

  filter-impact <environment> --filter '<data_filter>' --offline [--json]
      Which tables a new data filter would add to the target (seeded) and remove from it (their data
      deleted), and whether applying it replaces the integration (in hashicorp/aws 5.x every change
      does: a full re-seed). --offline evaluates against sql/schema.sql alone, with no AWS access.

Exit codes: 0 done, 1 the integration needs attention, 2 bad arguments or no access.`;

const SEE_HELP = '(npm run zero-etl -- --help shows the usage)';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

function filterImpactCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filter: { type: 'string' }, offline: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const environment = findEnvironment(positionals[0]);
  if (values.filter === undefined)
    throw new ZeroEtlError(`filter-impact needs --filter '<data_filter>' ${SEE_HELP}`);
  if (!values.offline) {
    throw new ZeroEtlError(
      `filter-impact reads the live table list only with AWS access; pass --offline ${SEE_HELP}`,
    );
  }
  const tables = tablesCreatedBy(readFileSync(SCHEMA_FILE, 'utf8')).map(
    (table) => `${environment.sourceDatabase}.${table}`,
  );
  const report = evaluateFilterChange(environment, values.filter, tables, 'sql/schema.sql');
  io.out(values.json ? JSON.stringify(report, null, 2) : renderFilterImpact(report));
  return 0;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
      io.out(USAGE);
      return 0;
    }
    if (command === 'filter-impact') return filterImpactCommand(rest, io);
    throw new ZeroEtlError(`unknown command "${command}" ${SEE_HELP}`);
  } catch (error) {
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (error instanceof ZeroEtlError || usage) {
      io.err(`zero-etl: ${(error as Error).message}${usage ? ` ${SEE_HELP}` : ''}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
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
