/**
 * Test helpers for the ingestion Lambda: run the real handler against a test database and the
 * fixture API, and compute what the database must hold for a given source dataset.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Dataset } from '../../local/dataplane/fixtures/dataset';
import { RESOURCE_NAMES } from '../../lambda/src/constants';
import { RESOURCE_SPECS } from '../../lambda/src/domain/resources';
import { INGEST_DEFAULTS, INGEST_ENV, renderIngestEnvironment } from '../../lambda/src/env-vars';
import { handler, shutdown } from '../../lambda/src/handler';
import type { RunBody } from '../../lambda/src/report';
import { tableRows } from './fixture-tables';
import type { TestDatabase } from './mysql';

export interface RunResult {
  readonly statusCode: number;
  /** Everything the function wrote to stdout (JSON logs and EMF metrics), one entry per line. */
  readonly logs: readonly string[];
  readonly body: RunBody;
}

/**
 * The Lambda environment for `database` and `apiUrl`, rendered like the stack's (renderIngestEnvironment),
 * with a local user and password and small timeouts for tests.
 */
export function lambdaEnv(
  database: TestDatabase,
  apiUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const url = new URL(database.url);
  return {
    ...renderIngestEnvironment({
      apiBaseUrl: apiUrl,
      db: {
        host: url.hostname,
        port: Number(url.port),
        name: database.name,
        credentials: {
          kind: 'password',
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
        },
        ssl: false,
      },
      batchSize: INGEST_DEFAULTS.batchSize,
      httpTimeoutMs: 2000,
      httpRetries: 3,
      logLevel: 'error',
    }),
    [INGEST_ENV.httpBackoffMs]: '20',
    [INGEST_ENV.httpTotalTimeoutMs]: '10000',
    ...extra,
  };
}

/** Every variable the function reads: saved and restored around each invocation. */
const LAMBDA_KEYS = Object.values(INGEST_ENV);

/**
 * Invokes the real handler with `env` as the function's environment, from a cold start, and closes
 * its pool afterwards (a Lambda keeps it; tests must not leak it). Several events run concurrently
 * on the same cold start, like overlapping invocations.
 */
export async function invokeAll(
  env: Record<string, string>,
  events: readonly unknown[],
): Promise<RunResult[]> {
  const saved = Object.fromEntries(LAMBDA_KEYS.map((key) => [key, process.env[key]]));
  for (const key of LAMBDA_KEYS) delete process.env[key];
  Object.assign(process.env, env);
  const logs: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logs.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    const results = await Promise.all(
      events.map((event) => handler(event, { awsRequestId: 'test-request' })),
    );
    return results.map((result) => ({ statusCode: result.statusCode, logs, body: JSON.parse(result.body) }));
  } finally {
    write.mockRestore();
    await shutdown();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function invoke(env: Record<string, string>, event: unknown = {}): Promise<RunResult> {
  const [result] = await invokeAll(env, [event]);
  return result;
}

type Value = string | number;

/** What each table must hold for a source dataset whose records are all valid, ordered by id. */
export function expectedTables(dataset: Dataset): Record<string, Value[][]> {
  const tables = tableRows(dataset);
  // DECIMAL(10,7) columns come back from MySQL as strings with seven decimals.
  const decimals = ['geo_lat', 'geo_lng'].map((column) => tables.users.columns.indexOf(column));
  return Object.fromEntries(
    Object.entries(tables).map(([name, { rows }]) => [
      name,
      [...rows]
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map((row) =>
          row.map((value, i) =>
            decimals.includes(i) && name === 'users' ? Number(value).toFixed(7) : value,
          ),
        ),
    ]),
  );
}

/** Each table's columns, as the Lambda writes them. */
const COLUMNS: Record<string, string> = Object.fromEntries(
  RESOURCE_NAMES.map((name) => [
    RESOURCE_SPECS[name].table,
    RESOURCE_SPECS[name].columns.map((column) => column.column).join(', '),
  ]),
);

/** Every row of every table, ordered by id, as arrays. */
export async function actualTables(pool: Pool): Promise<Record<string, Value[][]>> {
  const tables: Record<string, Value[][]> = {};
  for (const [table, columns] of Object.entries(COLUMNS)) {
    const [rows] = await pool.query<RowDataPacket[]>({
      sql: `SELECT ${columns} FROM ${table} ORDER BY id`,
      rowsAsArray: true,
    });
    tables[table] = rows as Value[][];
  }
  return tables;
}

export async function rowCounts(pool: Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of Object.keys(COLUMNS)) {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(rows[0].n);
  }
  return counts;
}

/** A deep copy, so a test can break records without touching the generator's output. */
export const cloneDataset = (dataset: Dataset): Dataset => structuredClone(dataset);
