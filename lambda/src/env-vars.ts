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

/** The variable names (INGEST_ENV_DOCS says what each means). */
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
  dbCaBundle: 'DB_CA_BUNDLE',
  dbLockTimeoutSeconds: 'DB_LOCK_TIMEOUT_SECONDS',
  dbWriteConnections: 'DB_WRITE_CONNECTIONS',
  batchSize: 'BATCH_SIZE',
  httpTimeoutMs: 'HTTP_TIMEOUT_MS',
  httpRetries: 'HTTP_RETRIES',
  httpTotalTimeoutMs: 'HTTP_TOTAL_TIMEOUT_MS',
  httpBackoffMs: 'HTTP_BACKOFF_MS',
  logLevel: 'LOG_LEVEL',
  ingestDbUser: 'INGEST_DB_USER',
  ingestDbPassword: 'INGEST_DB_PASSWORD',
  awsRegion: 'AWS_REGION',
  awsAccessKeyId: 'AWS_ACCESS_KEY_ID',
  awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  awsSessionToken: 'AWS_SESSION_TOKEN',
} as const;

/** Every default of the function; the stack's configuration defaults import these. */
export const INGEST_DEFAULTS = {
  apiBaseUrl: 'https://jsonplaceholder.typicode.com',
  dbPort: 3306,
  dbLockTimeoutSeconds: 60,
  // The server's per-row work, not the client, bounds a single connection, so a second one overlaps
  // it (each batch stays its own transaction).
  dbWriteConnections: 2,
  batchSize: 500,
  httpTimeoutMs: 10_000,
  httpRetries: 3,
  httpTotalTimeoutMs: 60_000,
  httpBackoffMs: 300,
  logLevel: 'info' as LogLevel,
} as const;

/** A variable's entry in the documentation. */
export interface IngestVariableDoc {
  /** What it means. */
  readonly description: string;
  /** Its default in words, where INGEST_DEFAULTS has no value for it. @default 'none' */
  readonly default?: string;
}

/**
 * What each variable means: the one home of these descriptions (docs/lambda.md's table is generated
 * from them and INGEST_DEFAULTS by `npm run docs:generate`; the configuration reference cites them).
 */
export const INGEST_ENV_DOCS: { readonly [K in keyof typeof INGEST_ENV]: IngestVariableDoc } = {
  apiBaseUrl: { description: 'The source API (ky `prefixUrl`).' },
  dbHost: { description: 'The Aurora writer endpoint.', default: 'required' },
  dbPort: { description: "The database port (the stack passes the cluster's `port` attribute)." },
  dbName: { description: 'The database the function writes to.', default: 'required' },
  dbSecretArn: {
    description: 'The migrate function (AWS): connect as the RDS-managed master user of this secret.',
  },
  dbIamUser: {
    description: 'The ingestion function (AWS): connect as this user with IAM database authentication.',
  },
  dbUser: {
    description: 'Locally: connect as this user (exactly one of the three kinds of credentials is set).',
  },
  dbPassword: { description: 'Locally: the password of `DB_USER`.' },
  dbSsl: {
    description: 'TLS with the Amazon RDS CA bundle, certificate verified (required with `DB_IAM_USER`).',
    default: '`true` in AWS (an IAM user or a secret), else `false`',
  },
  dbCaBundle: {
    description:
      'A PEM file of the CAs trusted for `DB_SSL` instead of the Amazon RDS bundle (the local cloud sets it to its own CA; verification stays on).',
    default: 'the Amazon RDS CA bundle',
  },
  dbLockTimeoutSeconds: {
    description: "Seconds a run waits for a concurrent run's ingestion lock (0–3600).",
  },
  dbWriteConnections: {
    description: 'Connections writing batches in parallel (1–3); each batch stays one transaction.',
  },
  batchSize: {
    description: 'Rows per INSERT statement and per transaction (also capped at ~2 M characters).',
  },
  httpTimeoutMs: { description: 'Timeout of one request to the source API, in milliseconds.' },
  httpRetries: { description: 'Retries of a failed request after the first attempt (0–10).' },
  httpTotalTimeoutMs: {
    description: "Bound on one resource's fetch, retries and waits included, in milliseconds.",
  },
  httpBackoffMs: {
    description: 'First retry delay in milliseconds; it doubles per retry, with full jitter.',
  },
  logLevel: { description: 'Log level: `debug`, `info`, `warn` or `error`.' },
  ingestDbUser: {
    description: '`migrate` only: (re)create this ingestion user with DML on the application tables.',
  },
  ingestDbPassword: {
    description: '`migrate` only, locally: give that user a password (in AWS it is IAM-authenticated).',
  },
  awsRegion: { description: 'The Region the IAM token is signed for.', default: 'set by the Lambda runtime' },
  awsAccessKeyId: {
    description: "The role session the IAM token is signed with (the function's role).",
    default: 'set by the Lambda runtime',
  },
  awsSecretAccessKey: { description: 'The same role session.', default: 'set by the Lambda runtime' },
  awsSessionToken: { description: 'The same role session.', default: 'set by the Lambda runtime' },
};

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
    /** A port number, or (in the stack) the cluster's `port` attribute as a Terraform string token. */
    readonly port: number | string;
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
