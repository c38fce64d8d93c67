/**
 * Dependency wiring: the only module that knows awilix. The root container is built once per cold
 * start (configuration, pool, HTTP client); each invocation gets a scope holding its run id, request
 * id, logger and service. PROXY injection resolves by property name, so minification is harmless.
 */
import {
  type AwilixContainer,
  type Resolver,
  InjectionMode,
  asFunction,
  asValue,
  createContainer,
} from 'awilix';
import schemaSql from '../../sql/schema.sql';
import { IamAuthTokenSource, environmentCredentials } from './adapters/iam-auth-token-source';
import { KySourceApi } from './adapters/ky-source-api';
import { MysqlDatabase } from './adapters/mysql-database';
import { MysqlRecordRepository } from './adapters/mysql-record-repository';
import { MysqlSchemaRepository } from './adapters/mysql-schema-repository';
import { SecretsManagerSecretSource } from './adapters/secrets-manager-secret-source';
import { StaticSecretSource } from './adapters/static-secret-source';
import { type Config, parseConfig } from './config';
import { type LogSink, type Logger, createLogger, stdoutSink } from './logger';
import { type Metrics, createEmfMetrics } from './metrics';
import type { RecordRepository, SchemaRepository, SecretSource, SourceApi } from './ports';
import { IngestionService } from './service/ingestion-service';

export interface Cradle {
  readonly config: Config;
  readonly sink: LogSink;
  readonly schemaSql: string;
  /** Logger without run fields, for singletons. */
  readonly baseLogger: Logger;
  readonly secretSource: SecretSource;
  readonly database: MysqlDatabase;
  readonly sourceApi: SourceApi;
  readonly recordRepository: RecordRepository;
  readonly schemaRepository: SchemaRepository;
  // Per invocation (registered on the scope):
  readonly runId: string;
  readonly requestId: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly ingestionService: IngestionService;
}

export type Overrides = { readonly [K in keyof Cradle]?: Resolver<Cradle[K]> };

export interface BuildContainerOptions {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Registrations replacing the defaults (tests). */
  readonly overrides?: Overrides;
}

/** Builds the root container; throws EnvVarError when the environment is invalid. */
export function buildContainer(options: BuildContainerOptions = {}): AwilixContainer<Cradle> {
  const env = options.env ?? process.env;
  const config = parseConfig(env);
  const container = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  container.register({
    config: asValue(config),
    sink: asValue(stdoutSink),
    schemaSql: asValue(schemaSql),
    baseLogger: asFunction(({ config, sink }: Cradle) =>
      createLogger({ level: config.logLevel, sink }),
    ).singleton(),
    secretSource: asFunction(({ config }: Cradle): SecretSource => {
      const credentials = config.db.credentials;
      switch (credentials.kind) {
        case 'secret':
          return new SecretsManagerSecretSource(credentials.secretArn);
        case 'iam':
          return new IamAuthTokenSource(
            {
              hostname: config.db.host,
              port: config.db.port,
              username: credentials.user,
              region: credentials.region,
            },
            environmentCredentials(env),
          );
        case 'static':
          return new StaticSecretSource({ user: credentials.user, password: credentials.password });
      }
    }).singleton(),
    database: asFunction(
      ({ config, secretSource, baseLogger }: Cradle) =>
        new MysqlDatabase(config.db, secretSource, baseLogger),
    )
      .singleton()
      .disposer((database) => database.dispose()),
    sourceApi: asFunction(
      ({ config, baseLogger }: Cradle): SourceApi => new KySourceApi(config.http, baseLogger),
    ).singleton(),
    recordRepository: asFunction(
      ({ database, config, baseLogger }: Cradle): RecordRepository =>
        new MysqlRecordRepository(database, config.db, baseLogger),
    ).singleton(),
    schemaRepository: asFunction(
      ({ database }: Cradle): SchemaRepository => new MysqlSchemaRepository(database),
    ).singleton(),
    logger: asFunction(({ baseLogger, runId, requestId }: Cradle) =>
      baseLogger.child({ run_id: runId, request_id: requestId }),
    ).scoped(),
    metrics: asFunction(({ sink }: Cradle) => createEmfMetrics({ sink })).scoped(),
    ingestionService: asFunction((cradle: Cradle) => new IngestionService(cradle)).scoped(),
  });
  if (options.overrides) container.register(options.overrides as Record<string, Resolver<unknown>>);
  return container;
}

/** A scope for one invocation. */
export function createInvocationScope(
  root: AwilixContainer<Cradle>,
  invocation: { runId: string; requestId: string },
): AwilixContainer<Cradle> {
  const scope = root.createScope<Cradle>();
  scope.register({ runId: asValue(invocation.runId), requestId: asValue(invocation.requestId) });
  return scope;
}
