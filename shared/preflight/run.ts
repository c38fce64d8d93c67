/**
 * `runPreflight(options)`: connects, reads the facts (optionally after loading a schema file into
 * a throwaway database) and returns the report. Used by the CLI and by `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Connection } from 'mysql2/promise';
import { PreflightConnectionError, PreflightUsageError, SchemaFileError } from './errors';
import type { SchemaFacts } from '../../rules';
import { MysqlConnectionError, MysqlUrlError, connectMysql, redactUrl } from '../mysql-connect';
import { listUserDatabases, readSchemaFacts, readServerFacts } from '../mysql-schema';
import { buildReport } from './report';
import type { PreflightReport } from './types';

export interface PreflightOptions {
  /** `mysql://user:password@host:port/[database]` of the server to check. */
  readonly url: string;
  /**
   * Databases whose tables are checked.
   * @default - the URL's database, or every non-system database when the URL names none
   */
  readonly databases?: readonly string[];
  /**
   * A SQL file to load into a throwaway database on the server and check instead of `databases`.
   * @default - none
   */
  readonly schemaFile?: string;
  /**
   * Name of the throwaway database `schemaFile` is loaded into (created, then always dropped).
   * @default - `preflight_<12 random hex digits>`
   */
  readonly scratchDatabase?: string;
  /** @default MYSQL_CONNECT_TIMEOUT_MS (shared/mysql-connect.ts) */
  readonly connectTimeoutMs?: number;
}

async function connect(url: string, timeoutMs?: number): Promise<Connection> {
  try {
    return await connectMysql(url, { option: '--url', multipleStatements: true, timeoutMs });
  } catch (error) {
    if (error instanceof MysqlUrlError) throw new PreflightUsageError(error.message);
    if (error instanceof MysqlConnectionError) {
      throw new PreflightConnectionError(error.message, { cause: error.cause });
    }
    throw error;
  }
}

async function selectDatabases(connection: Connection, url: string, requested?: readonly string[]) {
  const existing = await listUserDatabases(connection);
  const fromUrl = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const databases = requested && requested.length > 0 ? requested : fromUrl ? [fromUrl] : existing;
  const missing = databases.filter((name) => !existing.includes(name));
  if (missing.length > 0) {
    throw new PreflightUsageError(
      `Database(s) not found on ${redactUrl(url)}: ${missing.join(', ')}. Existing: ${existing.join(', ') || '(none)'}.`,
    );
  }
  return databases;
}

/** Loads `file` into a uniquely named database, reads its facts and always drops it again. */
async function schemaFileFacts(connection: Connection, file: string, scratch: string): Promise<SchemaFacts> {
  let sql: string;
  try {
    sql = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SchemaFileError(`Cannot read the schema file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await connection.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  try {
    await connection.query(`USE \`${scratch}\``);
    try {
      await connection.query(sql);
    } catch (error) {
      throw new SchemaFileError(
        `Loading ${file} failed: ${(error as Error).message}. Fix the SQL and retry.`,
        {
          cause: error,
        },
      );
    }
    const facts = await readSchemaFacts(connection, [scratch]);
    // Report tables under the file's name, not the throwaway database's.
    return {
      databases: [file],
      tables: facts.tables.map((table) => ({ ...table, database: file })),
      views: facts.views.map((view) => ({ ...view, database: file })),
    };
  } finally {
    await connection.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
  }
}

export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const connection = await connect(options.url, options.connectTimeoutMs);
  try {
    const server = await readServerFacts(connection);
    const schema = options.schemaFile
      ? await schemaFileFacts(
          connection,
          options.schemaFile,
          options.scratchDatabase ?? `preflight_${randomBytes(6).toString('hex')}`,
        )
      : await readSchemaFacts(connection, await selectDatabases(connection, options.url, options.databases));
    return buildReport(redactUrl(options.url), server, schema);
  } finally {
    await connection.end();
  }
}
