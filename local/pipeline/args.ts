/** Parses `npm start`'s command line (pure). */
import { parseArgs } from 'node:util';
import { checkMysqlUrl } from '../../shared/mysql-connect';
import { UsageError } from '../dataplane/errors';

export const START_USAGE = `Usage: npm start -- [--watch] [--interval 5m] [--mysql-url mysql://…] [--api https://…]
                   [--database jsonplaceholder] [--seed 42]

Runs the zero-ETL pipeline on this machine: a MySQL-compatible source configured like Aurora,
the ingestion Lambda in-process, binlog replication into an embedded PostgreSQL (PGlite) standing
in for Redshift, and the analytics queries in sql/analytics/.
  --mysql-url  use this server instead of starting a throwaway MariaDB/MySQL (default: $MYSQL_URL)
  --api        source API base URL (default: a local server with the seeded fixture dataset)
  --database   source database, replicated into a warehouse schema of the same name
               (default: the URL's database, else jsonplaceholder)
  --seed       seed of the fixture dataset (default 42)
  --watch      keep replicating and re-run ingestion every --interval; Ctrl-C stops
  --interval   ingestion schedule in --watch mode: 90s, 5m, 1h or milliseconds (default 5m)`;

export interface StartOptions {
  /** @default - $MYSQL_URL, else a throwaway server */
  readonly mysqlUrl?: string;
  /** @default - the local fixture API */
  readonly apiUrl?: string;
  /** @default - the URL's database, else `jsonplaceholder` */
  readonly database: string;
  /** @default 42 */
  readonly seed: number;
  /** @default false */
  readonly watch: boolean;
  /** @default 300_000 (5 minutes) */
  readonly intervalMs: number;
  readonly help: boolean;
}

export const DEFAULT_DATABASE = 'jsonplaceholder';
export const DEFAULT_INTERVAL_MS = 5 * 60_000;

const MAX_INTERVAL_MS = 24 * 3_600_000;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `5m`, `1h`, `250ms` or a bare number of milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--interval must be a duration such as 30s, 5m or 1h (got "${text}")`);
  const value = Number(match[1]) * UNITS[match[2] ?? 'ms'];
  if (value < 1000) throw new UsageError(`--interval must be at least 1s (got "${text}")`);
  // Timers hold at most 2^31-1 ms (about 24.8 days); longer ones would fire at once.
  if (value > MAX_INTERVAL_MS) throw new UsageError(`--interval must be at most 24h (got "${text}")`);
  return value;
}

function databaseFromUrl(url: string, option: string): string | undefined {
  try {
    return decodeURIComponent(checkMysqlUrl(url, option).pathname.replace(/^\//, '')) || undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parseStartArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): StartOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'mysql-url': { type: 'string' },
        api: { type: 'string' },
        database: { type: 'string' },
        seed: { type: 'string' },
        watch: { type: 'boolean', default: false },
        interval: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (npm start -- --help lists the options)`);
  }
  const mysqlUrl = (values['mysql-url'] as string | undefined) ?? (env.MYSQL_URL?.trim() || undefined);
  const mysqlUrlOption = values['mysql-url'] === undefined ? 'MYSQL_URL' : '--mysql-url';
  const databaseInUrl = mysqlUrl === undefined ? undefined : databaseFromUrl(mysqlUrl, mysqlUrlOption);
  const apiUrl = values.api as string | undefined;
  if (apiUrl !== undefined && !/^https?:\/\/[^/]/.test(apiUrl)) {
    throw new UsageError(
      `--api must be an http(s) URL such as https://jsonplaceholder.typicode.com/ (got "${apiUrl}")`,
    );
  }
  const database = (values.database as string | undefined) ?? databaseInUrl ?? DEFAULT_DATABASE;
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
    throw new UsageError(`--database must be 1-64 letters, digits, _ or $ (got "${database}")`);
  }
  const seedText = (values.seed as string | undefined) ?? '42';
  if (!/^\d+$/.test(seedText))
    throw new UsageError(`--seed must be a non-negative integer (got "${seedText}")`);
  if (values.interval !== undefined && !values.watch) {
    throw new UsageError('--interval only applies with --watch (one run ingests once).');
  }
  return {
    mysqlUrl,
    apiUrl,
    database,
    seed: Number(seedText),
    watch: Boolean(values.watch),
    intervalMs:
      values.interval === undefined ? DEFAULT_INTERVAL_MS : parseDuration(values.interval as string),
    help: Boolean(values.help),
  };
}
