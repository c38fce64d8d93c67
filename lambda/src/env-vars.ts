/**
 * The ingestion function's environment contract, in one place: every variable it reads, its
 * default, and how a caller (the stack in AWS, the local runner, tests) renders them. The function
 * parses it in config.ts; stacks/ and local/ build it with {@link renderIngestEnvironment}.
 * Pure: no imports, so the stacks can use it without loading the function.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A MySQL user name the project accepts for the ingestion user (the migrate action creates it). */
export const MYSQL_USER_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
export const MYSQL_USER_NAME_RULE = 'a letter then up to 31 letters, digits or _';

/** The variable names. */
export const INGEST_ENV = {
  apiBaseUrl: 'API_BASE_URL',
  dbHost: 'DB_HOST',
  dbPort: 'DB_PORT',
  dbName: 'DB_NAME',
  dbSecretArn: 'DB_SECRET_ARN',
  dbIamUser: 'DB_IAM_USER',
  dbUser: 'DB_USER',
  dbPassword: 'DB_PASSWORD',
  dbSsl: 'DB_SSL',
  dbLockTimeoutSeconds: 'DB_LOCK_TIMEOUT_SECONDS',
  dbWriteConnections: 'DB_WRITE_CONNECTIONS',
  batchSize: 'BATCH_SIZE',
  httpTimeoutMs: 'HTTP_TIMEOUT_MS',
  httpRetries: 'HTTP_RETRIES',
  httpTotalTimeoutMs: 'HTTP_TOTAL_TIMEOUT_MS',
  httpBackoffMs: 'HTTP_BACKOFF_MS',
  logLevel: 'LOG_LEVEL',
  /** For `migrate`: the ingestion user to create (IAM authentication unless a password is given). */
  ingestDbUser: 'INGEST_DB_USER',
  ingestDbPassword: 'INGEST_DB_PASSWORD',
  /** Set by the Lambda runtime: the Region and the role session the IAM token is signed with. */
  awsRegion: 'AWS_REGION',
  awsAccessKeyId: 'AWS_ACCESS_KEY_ID',
  awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  awsSessionToken: 'AWS_SESSION_TOKEN',
} as const;

/** Every default of the function; the stack's configuration defaults import these. */
export const INGEST_DEFAULTS = {
  /** The public JSONPlaceholder API. */
  apiBaseUrl: 'https://jsonplaceholder.typicode.com',
  dbPort: 3306,
  /** Seconds to wait for another run's ingestion lock. */
  dbLockTimeoutSeconds: 60,
  /**
   * Connections writing batches at once. The server's per-row work, not the client, bounds a single
   * connection, so a second one overlaps it (each batch stays its own transaction).
   */
  dbWriteConnections: 2,
  /** Rows per INSERT statement and transaction (also capped at ~2 M characters). */
  batchSize: 500,
  /** Per-request timeout. */
  httpTimeoutMs: 10_000,
  /** Retries after the first attempt. */
  httpRetries: 3,
  /** Bound on one resource's fetch, retries and waits included. */
  httpTotalTimeoutMs: 60_000,
  /** First retry delay; doubles per retry, with full jitter. */
  httpBackoffMs: 300,
  logLevel: 'info' as LogLevel,
} as const;

/**
 * Database credentials: in AWS an IAM-authenticated user (the ingestion) or a Secrets Manager
 * secret (the master user, for `migrate`); locally a user and password.
 */
export type IngestCredentials =
  | { readonly kind: 'iam'; readonly user: string }
  | { readonly kind: 'secret'; readonly secretArn: string }
  | { readonly kind: 'password'; readonly user: string; readonly password: string };

export interface IngestEnvironmentSettings {
  readonly apiBaseUrl: string;
  readonly db: {
    readonly host: string;
    readonly port: number;
    readonly name: string;
    readonly credentials: IngestCredentials;
    /** TLS with the Amazon RDS CA bundle. */
    readonly ssl: boolean;
  };
  readonly batchSize: number;
  readonly httpTimeoutMs: number;
  readonly httpRetries: number;
  readonly logLevel: LogLevel;
  /** For the `migrate` function: the ingestion user it creates. @default - none is created */
  readonly ingestUser?: { readonly name: string; readonly password?: string };
}

function credentialVariables(credentials: IngestCredentials): Record<string, string> {
  switch (credentials.kind) {
    case 'iam':
      return { [INGEST_ENV.dbIamUser]: credentials.user };
    case 'secret':
      return { [INGEST_ENV.dbSecretArn]: credentials.secretArn };
    case 'password':
      return { [INGEST_ENV.dbUser]: credentials.user, [INGEST_ENV.dbPassword]: credentials.password };
  }
}

/** The environment variables for `settings` (values are strings, as Lambda stores them). */
export function renderIngestEnvironment(settings: IngestEnvironmentSettings): Record<string, string> {
  const { db } = settings;
  const credentials = credentialVariables(db.credentials);
  const ingestUser: Record<string, string> = settings.ingestUser
    ? {
        [INGEST_ENV.ingestDbUser]: settings.ingestUser.name,
        ...(settings.ingestUser.password === undefined
          ? {}
          : { [INGEST_ENV.ingestDbPassword]: settings.ingestUser.password }),
      }
    : {};
  return {
    [INGEST_ENV.apiBaseUrl]: settings.apiBaseUrl,
    [INGEST_ENV.dbHost]: db.host,
    [INGEST_ENV.dbPort]: String(db.port),
    [INGEST_ENV.dbName]: db.name,
    ...credentials,
    [INGEST_ENV.dbSsl]: String(db.ssl),
    [INGEST_ENV.batchSize]: String(settings.batchSize),
    [INGEST_ENV.httpTimeoutMs]: String(settings.httpTimeoutMs),
    [INGEST_ENV.httpRetries]: String(settings.httpRetries),
    [INGEST_ENV.logLevel]: settings.logLevel,
    ...ingestUser,
  };
}
