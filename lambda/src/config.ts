/**
 * The function's configuration, parsed once per cold start from the environment. Every problem is
 * collected so one error lists everything that needs fixing.
 */
import { DEFAULT_API_BASE_URL } from './constants';
import { ConfigError } from './errors';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the database credentials come from. */
export type CredentialsConfig =
  | { readonly kind: 'static'; readonly user: string; readonly password: string }
  | { readonly kind: 'secret'; readonly secretArn: string };

export interface DatabaseConfig {
  readonly host: string;
  /** @default 3306 */
  readonly port: number;
  readonly database: string;
  readonly credentials: CredentialsConfig;
  /** TLS with the Amazon RDS CA bundle. @default true with DB_SECRET_ARN (AWS), else false */
  readonly ssl: boolean;
  /** Seconds to wait for another run's ingestion lock. @default 60 */
  readonly lockTimeoutSeconds: number;
  /**
   * Connections writing batches at once. The server's per-row work, not the client, bounds a single
   * connection, so a second one overlaps it (each batch stays its own transaction). @default 2
   */
  readonly writeConnections: number;
}

export interface HttpConfig {
  /** Source API base URL (ky `prefixUrl`). @default the public JSONPlaceholder */
  readonly baseUrl: string;
  /** Per-request timeout. @default 10_000 */
  readonly timeoutMs: number;
  /** Retries after the first attempt. @default 3 */
  readonly retries: number;
  /** Bound on one resource's fetch, retries and waits included. @default 60_000 */
  readonly totalTimeoutMs: number;
  /** First retry delay; doubles per retry, with full jitter. @default 300 */
  readonly backoffMs: number;
}

export interface Config {
  readonly db: DatabaseConfig;
  readonly http: HttpConfig;
  /** Rows per INSERT statement and transaction (also capped at ~2 M characters). @default 1000 */
  readonly batchSize: number;
  /** @default 'info' */
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the environment; throws one {@link ConfigError} listing every problem. */
export function parseConfig(env: Env): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined) problems.push(`${name} is required`);
    return value ?? '';
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };

  const baseUrl = text('API_BASE_URL') ?? DEFAULT_API_BASE_URL;
  if (!/^https?:\/\/[^/]/.test(baseUrl))
    problems.push(`API_BASE_URL must be an http(s) URL (got "${baseUrl}")`);

  const secretArn = text('DB_SECRET_ARN');
  const user = text('DB_USER');
  let credentials: CredentialsConfig;
  if (secretArn) {
    if (!secretArn.startsWith('arn:')) problems.push(`DB_SECRET_ARN must be a Secrets Manager ARN`);
    credentials = { kind: 'secret', secretArn };
  } else if (user) {
    credentials = { kind: 'static', user, password: env.DB_PASSWORD ?? '' };
  } else {
    problems.push('set DB_SECRET_ARN (in AWS) or DB_USER and DB_PASSWORD (locally)');
    credentials = { kind: 'static', user: '', password: '' };
  }

  const logLevel = (text('LOG_LEVEL')?.toLowerCase() ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const config: Config = {
    db: {
      host: required('DB_HOST'),
      port: integer('DB_PORT', 3306, 1, 65535),
      database: required('DB_NAME'),
      credentials,
      ssl: boolean('DB_SSL', credentials.kind === 'secret'),
      lockTimeoutSeconds: integer('DB_LOCK_TIMEOUT_SECONDS', 60, 0, 3600),
      writeConnections: integer('DB_WRITE_CONNECTIONS', 2, 1, 3),
    },
    http: {
      baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
      timeoutMs: integer('HTTP_TIMEOUT_MS', 10_000, 1, 900_000),
      retries: integer('HTTP_RETRIES', 3, 0, 10),
      totalTimeoutMs: integer('HTTP_TOTAL_TIMEOUT_MS', 60_000, 1, 900_000),
      backoffMs: integer('HTTP_BACKOFF_MS', 300, 0, 60_000),
    },
    batchSize: integer('BATCH_SIZE', 1000, 1, 10_000),
    logLevel,
  };
  if (config.db.database && !/^[A-Za-z0-9_$]{1,64}$/.test(config.db.database)) {
    problems.push('DB_NAME must be 1-64 letters, digits, _ or $');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
