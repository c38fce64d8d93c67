/**
 * The local pipeline's orchestrator: source server → schema + preflight → fixture API → warehouse
 * and replication → the real Lambda. Each step registers how to undo itself, so `stop()` (or a
 * failure half-way) tears everything down in reverse order.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ANALYTICS_DIR, SCHEMA_FILE } from '../../paths';
import { connectMysql } from '../../shared/mysql-connect';
import { runPreflight } from '../../shared/preflight';
import type { PreflightReport } from '../../shared/preflight';
import {
  findMysqlServerBinary,
  MISSING_SERVER_MESSAGE,
  MysqlServerError,
  startMysqlServer,
} from '../dataplane/mysql-server';
import { loadAnalyticsQueries, runAnalytics, type AnalyticsResult } from '../dataplane/warehouse/analytics';
import { generateDataset } from '../dataplane/fixtures/dataset';
import { startFixtureApiServer } from '../dataplane/fixtures/api-server';
import {
  localLambdaEnv,
  startLambdaRunner,
  type LambdaResult,
  type LambdaRunner,
} from '../dataplane/lambda-runner';
import type { SummaryInput } from './report';
import { Replicator, warehouseRowCounts } from '../dataplane/cdc/replicator';
import { Warehouse } from '../dataplane/warehouse/warehouse';

export interface PipelineOptions {
  /** Existing server (`mysql://user:pw@host:port/[db]`). @default - a throwaway server */
  readonly mysqlUrl?: string;
  /** Source API. @default - the local fixture API */
  readonly apiUrl?: string;
  /** Source database and warehouse schema name. */
  readonly database: string;
  /** Fixture dataset seed. @default 42 */
  readonly seed?: number;
  /** Progress lines. @default - none */
  readonly log?: (line: string) => void;
  /** The Lambda's own log lines. @default - dropped */
  readonly onLambdaLog?: (line: string) => void;
  /** Replication failures after start. @default - logged */
  readonly onError?: (error: Error) => void;
  /** How often the lag heartbeat is written. @default 250 */
  readonly heartbeatIntervalMs?: number;
  /**
   * Stops a start half-way: everything started so far is stopped (the throwaway server killed, its
   * folder removed) before `startPipeline` rejects with the signal's reason. @default - not abortable
   */
  readonly signal?: AbortSignal;
}

export interface IngestRun {
  readonly result: LambdaResult;
  readonly durationMs: number;
}

export interface Pipeline {
  /** Server URL without a database. */
  readonly serverUrl: string;
  readonly database: string;
  readonly apiUrl: string;
  readonly warehouse: Warehouse;
  readonly replicator: Replicator;
  /** Undefined when the preflight itself could not run (its error is logged). */
  readonly preflight?: PreflightReport;
  /** Invokes the Lambda with a scheduled-event payload and waits until the warehouse caught up. */
  ingest(): Promise<IngestRun>;
  analytics(): Promise<AnalyticsResult[]>;
  summary(): Promise<SummaryInput>;
  stop(): Promise<void>;
}

/** EventBridge's scheduled event, as the rule in AWS delivers it. */
export function scheduledEvent(): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'local',
    resources: ['arn:aws:events:local:000000000000:rule/zero-etl-ingest-local'],
    detail: {},
  };
}

function serverUrlOf(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/';
  return parsed.toString();
}

async function applySchema(serverUrl: string, database: string): Promise<void> {
  const connection = await connectMysql(serverUrl, { option: '--mysql-url', multipleStatements: true });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await connection.query(`USE \`${database}\``);
    await connection.query(readFileSync(SCHEMA_FILE, 'utf8'));
  } finally {
    await connection.end();
  }
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const log = options.log ?? (() => undefined);
  const undo: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of undo.splice(0).reverse()) {
      await step().catch((error) => log(`cleanup: ${(error as Error).message}`));
    }
  };
  const { signal } = options;
  try {
    signal?.throwIfAborted();
    if (!options.mysqlUrl && !findMysqlServerBinary()) throw new MysqlServerError(MISSING_SERVER_MESSAGE);
    // The warehouse boots (WASM) while the server starts.
    const warehouseOpening = Warehouse.open();
    undo.push(async () => (await warehouseOpening).close());
    let serverUrl: string;
    if (options.mysqlUrl) {
      serverUrl = serverUrlOf(options.mysqlUrl);
    } else {
      log('Source: starting a throwaway MariaDB/MySQL server…');
      // Aborting kills the half-started server; an exit at any moment kills it too (owned-resources).
      const server = await startMysqlServer({ signal });
      undo.push(() => server.stop());
      serverUrl = server.url;
      log(`Source: throwaway MariaDB/MySQL on port ${server.port} (binlog ROW, FULL image, FULL metadata)`);
    }
    signal?.throwIfAborted();
    await applySchema(serverUrl, options.database);
    log(`Schema: sql/schema.sql applied to database ${options.database}`);
    let preflight: PreflightReport | undefined;
    try {
      preflight = await runPreflight({ url: serverUrl, databases: [options.database] });
    } catch (error) {
      log(`Preflight could not run: ${(error as Error).message}`);
    }

    signal?.throwIfAborted();
    let apiUrl = options.apiUrl;
    if (!apiUrl) {
      const api = await startFixtureApiServer({ dataset: generateDataset(options.seed ?? 42) });
      undo.push(() => api.close());
      apiUrl = api.url;
    }

    const warehouse = await warehouseOpening;
    signal?.throwIfAborted();
    const replicator = await Replicator.start({
      sourceUrl: serverUrl,
      database: options.database,
      warehouse,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      onError: options.onError ?? ((error) => log(`Replication error: ${error.message}`)),
    });
    undo.push(() => replicator.stop());

    const lambda: LambdaRunner = startLambdaRunner({
      env: localLambdaEnv(serverUrl, options.database, apiUrl),
      onLog: options.onLambdaLog,
    });
    undo.push(() => lambda.close());

    return {
      serverUrl,
      database: options.database,
      apiUrl,
      warehouse,
      replicator,
      preflight,
      async ingest() {
        const started = performance.now();
        const result = await lambda.invoke(scheduledEvent());
        await replicator.caughtUp();
        return { result, durationMs: performance.now() - started };
      },
      analytics: () => runAnalytics(warehouse, loadAnalyticsQueries(ANALYTICS_DIR), options.database),
      async summary() {
        const { snapshot, changesApplied } = replicator.progress();
        return {
          states: replicator.tableStates(),
          rowCounts: await warehouseRowCounts(replicator, warehouse),
          snapshotRows: [...snapshot.rows.values()].reduce((sum, n) => sum + n, 0),
          snapshotMs: snapshot.durationMs,
          changesApplied,
          lag: replicator.lag.overall(),
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
