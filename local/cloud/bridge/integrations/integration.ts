/**
 * A zero-ETL integration of the local cloud: once its target database exists (`CREATE DATABASE … FROM
 * INTEGRATION`), every database of the source cluster is seeded and streamed into it by the data
 * plane's replicator (one per source database, a schema of the same name in the target), keeping only
 * the tables the data filter selects (rules/data-filter.ts) and following zero-ETL's table states
 * (Failed until refreshed, ResyncRequired after DDL it cannot apply in place, excluded tables' data
 * deleted when a filter change drops them: "Data filtering for Aurora zero-ETL integrations" and
 * "Modifying zero-ETL integrations", Aurora User Guide). Source databases created later are picked up.
 */
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { DEFAULT_DATA_FILTER, filterDecision, parseDataFilter, type FilterPattern } from '../../../../rules';
import { HEARTBEAT_SCHEMA } from '../../../dataplane/cdc/heartbeat';
import { summariseLag } from '../../../dataplane/cdc/lag-tracker';
import { Replicator, type RefreshScope } from '../../../dataplane/cdc/replicator';
import type { Warehouse } from '../../../dataplane/warehouse/warehouse';
import type { CreateIntegrationRequest, IntegrationResponse } from '../contract';
import type { IntegrationRow, IntegrationTableStateRow } from '../warehouse/system-views';
import type { RefreshTarget } from '../warehouse/redshift-commands';

/** Databases that are the server's own, never replicated ("Aurora zero-ETL integrations": system databases). */
const SYSTEM_DATABASES = new Set([
  'mysql',
  'information_schema',
  'performance_schema',
  'sys',
  HEARTBEAT_SCHEMA,
]);

export interface IntegrationOptions {
  /** Root URL of the source cluster's MariaDB (replication rights). */
  readonly sourceUrl: string;
  /** How often new source databases are looked for. @default 1000 */
  readonly discoverEveryMs?: number;
  /** How long a table stays ResyncRequired before the resync. @default 2000 */
  readonly resyncAfterMs?: number;
  readonly log?: (line: string) => void;
}

export class Integration {
  targetDatabase?: string;
  private creationTime?: Date;
  private warehouse?: Warehouse;
  private patterns: FilterPattern[];
  private dataFilter: string;
  private readonly replicators = new Map<string, Replicator>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly pool: Pool;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    readonly request: CreateIntegrationRequest,
    private readonly options: IntegrationOptions,
  ) {
    this.dataFilter = request.dataFilter ?? DEFAULT_DATA_FILTER;
    this.patterns = parseDataFilter(this.dataFilter);
    this.pool = createPool({ uri: options.sourceUrl, connectionLimit: 2 });
  }

  get id(): string {
    return this.request.integrationId;
  }

  /** Starts seeding and streaming into `database` (CREATE DATABASE … FROM INTEGRATION). */
  async bind(database: string, warehouse: Warehouse): Promise<void> {
    this.targetDatabase = database;
    this.warehouse = warehouse;
    this.creationTime = new Date();
    await this.discover();
    this.timer = setInterval(
      () => void this.discover().catch((error: Error) => this.log(error.message)),
      this.options.discoverEveryMs ?? 1000,
    );
    this.timer.unref();
  }

  /** ModifyIntegration's DataFilter: the warehouse follows the new filter before this resolves. */
  async changeFilter(dataFilter: string): Promise<void> {
    this.patterns = parseDataFilter(dataFilter);
    this.dataFilter = dataFilter;
    for (const [database, replicator] of this.replicators)
      await replicator.changeFilter(this.replicates(database));
  }

  get filter(): string {
    return this.dataFilter;
  }

  /** ALTER DATABASE … INTEGRATION REFRESH. */
  async refresh(target: RefreshTarget): Promise<void> {
    for (const [database, replicator] of this.replicators) {
      let scope: RefreshScope | undefined;
      if (target.kind === 'tables') {
        const tables = target.tables.filter((name) => name.schema === database).map((name) => name.table);
        scope = tables.length > 0 ? { tables } : undefined;
      } else if (!target.schemas || target.schemas.includes(database)) {
        scope = target.kind === 'all' ? 'all' : 'failed';
      }
      if (scope) await replicator.refresh(scope);
    }
  }

  tableStates(): IntegrationTableStateRow[] {
    const rows: IntegrationTableStateRow[] = [];
    for (const [database, replicator] of [...this.replicators].sort(([a], [b]) => a.localeCompare(b))) {
      const { appliedPosition } = replicator.progress();
      for (const state of replicator.tableStates()) {
        rows.push({
          integration_id: this.id,
          target_database: this.targetDatabase ?? '',
          schema_name: database,
          table_name: state.table,
          table_state: state.state,
          table_last_replicated_checkpoint: JSON.stringify(appliedPosition),
          reason: state.reason,
          last_updated_timestamp: state.updatedAt,
          table_rows: null,
          table_size: null,
          is_history_mode: false,
        });
      }
    }
    return rows;
  }

  /** One SVV_INTEGRATION row (none until the target database exists). */
  integrationRow(): IntegrationRow | undefined {
    if (!this.targetDatabase) return undefined;
    const states = this.tableStates();
    const lag = this.lag();
    return {
      integration_id: this.id,
      target_database: this.targetDatabase,
      source: 'MySQL',
      state: 'CdcRefreshState',
      current_lag: lag.p50Ms === undefined ? null : Math.round(lag.p50Ms),
      last_replicated_checkpoint: '',
      total_tables_replicated: states.filter((row) => row.table_state === 'Synced').length,
      total_tables_failed: states.filter((row) => row.table_state === 'Failed').length,
      creation_time: this.creationTime!,
      refresh_interval: 0,
      source_database: '',
      is_history_mode: false,
    };
  }

  lag(): IntegrationResponse['lag'] {
    const summary = summariseLag([...this.replicators.values()].flatMap((r) => r.lag.recentSamples()));
    return { samples: summary.samples, p50Ms: summary.p50, p95Ms: summary.p95 };
  }

  describe(): IntegrationResponse {
    const states = this.tableStates();
    return {
      integrationId: this.id,
      // "Needs attention" while a table is Failed (Aurora "Troubleshooting Aurora zero-ETL integrations").
      status: states.some((row) => row.table_state === 'Failed') ? 'needs_attention' : 'active',
      targetDatabase: this.targetDatabase,
      tables: states.map((row) => ({
        schema: row.schema_name,
        table: row.table_name,
        state: row.table_state,
        reason: row.reason,
      })),
      lag: this.lag(),
    };
  }

  /** Resolves once every change committed at the source before the call is in the target. */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    await Promise.all([...this.replicators.values()].map((replicator) => replicator.caughtUp(timeoutMs)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled(this.starting.values());
    for (const replicator of this.replicators.values()) await replicator.stop();
    this.replicators.clear();
    await this.pool.end();
  }

  private replicates(database: string) {
    return (table: string) => filterDecision(this.patterns, database, table).replicated;
  }

  private log(line: string) {
    this.options.log?.(`integration ${this.id}: ${line}`);
  }

  /** Starts a replicator for each source database that has none yet. */
  private async discover(): Promise<void> {
    if (this.stopped || !this.warehouse) return;
    const [rows] = await this.pool.query<RowDataPacket[]>('SHOW DATABASES');
    const databases = rows
      .map((row) => String(Object.values(row)[0]))
      .filter((name) => !SYSTEM_DATABASES.has(name));
    await Promise.all(
      databases
        .filter((database) => !this.replicators.has(database))
        .map((database) => {
          const existing = this.starting.get(database);
          if (existing) return existing;
          const start = this.startReplicator(database).finally(() => this.starting.delete(database));
          this.starting.set(database, start);
          return start;
        }),
    );
  }

  private async startReplicator(database: string): Promise<void> {
    const replicator = await Replicator.start({
      sourceUrl: this.options.sourceUrl,
      database,
      warehouse: this.warehouse!,
      replicates: this.replicates(database),
      zeroEtlStates: { resyncAfterMs: this.options.resyncAfterMs ?? 2000 },
      reconnectAfterMs: 500,
      onError: (error) => this.log(error.message),
    });
    if (this.stopped) {
      await replicator.stop();
      return;
    }
    this.replicators.set(database, replicator);
  }
}
