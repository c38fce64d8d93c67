/**
 * `runPreflight(options)`: connects, reads the facts (optionally after loading a schema file into
 * a throwaway database) and returns the report. Used by the CLI and by `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Connection } from 'mysql2/promise';
import { PreflightConnectionError, PreflightUsageError, SchemaFileError } from './errors';
import { resyncingDdl, type Check, type SchemaFacts } from '../../rules';
import { splitSqlStatements } from '../../lambda/src/domain/sql-statements';
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

/** What --schema-file needs on the server: it loads the file into a database of its own. */
const SCHEMA_FILE_PRIVILEGES =
  'CREATE and DROP for the throwaway database (e.g. GRANT CREATE, DROP, ALTER, INDEX, REFERENCES ON `preflight\\_%`.* TO <user>), ' +
  "plus whatever the file's statements need on it";

/** S6 warnings for the file's statements that would force a resync if run on a replicated source. */
function resyncWarnings(sql: string): Check[] {
  return splitSqlStatements(sql).flatMap((statement) => {
    const found = resyncingDdl(statement);
    if (!found) return [];
    return [
      {
        rule: 'S6',
        subject: found.table,
        status: 'warn' as const,
        message: `${found.reason}: run on a replicated source, this forces a full resync of the table`,
        fix: 'add each new column at the end, with one column operation per ALTER TABLE (or accept the resync)',
      },
    ];
  });
}

interface SchemaFileResult {
  readonly facts: SchemaFacts;
  /** Checks of the file's text (S6), beside the checks of the tables it creates. */
  readonly checks: readonly Check[];
}

/** Loads `file` into a uniquely named database, reads its facts and always drops it again. */
async function schemaFileFacts(
  connection: Connection,
  file: string,
  scratch: string,
): Promise<SchemaFileResult> {
  let sql: string;
  try {
    sql = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SchemaFileError(`Cannot read the schema file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await connection.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (error) {
    throw new SchemaFileError(
      `--schema-file could not create its throwaway database ${scratch}: ${(error as Error).message}. ` +
        `The user needs ${SCHEMA_FILE_PRIVILEGES}; or check the tables in place with --databases.`,
      { cause: error },
    );
  }
  try {
    await connection.query(`USE \`${scratch}\``);
    try {
      await connection.query(sql);
    } catch (error) {
      const denied = /denied/i.test((error as Error).message)
        ? ` The user needs ${SCHEMA_FILE_PRIVILEGES}.`
        : '';
      throw new SchemaFileError(
        `Loading ${file} failed: ${(error as Error).message}.${denied || ' Fix the SQL and retry.'}`,
        { cause: error },
      );
    }
    const facts = await readSchemaFacts(connection, [scratch]);
    // The file names no database: its tables are reported, and fixed, by their own names.
    return {
      facts: {
        databases: [],
        tables: facts.tables.map((table) => ({ ...table, database: '' })),
        views: facts.views.map((view) => ({ ...view, database: '' })),
      },
      checks: resyncWarnings(sql),
    };
  } finally {
    await connection.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
  }
}

export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const connection = await connect(options.url, options.connectTimeoutMs);
  try {
    const server = await readServerFacts(connection);
    if (options.schemaFile) {
      const scratch = options.scratchDatabase ?? `preflight_${randomBytes(6).toString('hex')}`;
      const file = await schemaFileFacts(connection, options.schemaFile, scratch);
      return buildReport(redactUrl(options.url), server, file.facts, {
        schemaFile: options.schemaFile,
        extraChecks: file.checks,
      });
    }
    const databases = await selectDatabases(connection, options.url, options.databases);
    return buildReport(redactUrl(options.url), server, await readSchemaFacts(connection, databases));
  } finally {
    await connection.end();
  }
}
