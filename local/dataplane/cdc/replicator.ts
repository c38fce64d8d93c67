/**
 * The local zero-ETL integration: initial snapshot, then binlog change capture applied to the
 * warehouse in source commit order, with a heartbeat measuring lag (see heartbeat.ts).
 */
import { createPool, type Pool } from 'mysql2/promise';
import { startBinlogStream, type BinlogStream, type ChangeEvent } from './binlog-stream';
import { ReplicationError } from '../errors';
import { Heartbeat, HEARTBEAT_SCHEMA } from './heartbeat';
import { LagTracker } from './lag-tracker';
import {
  currentBinlogPosition,
  openSnapshotConnection,
  snapshotTables,
  type BinlogPosition,
  type SnapshotResult,
} from './snapshot';
import { listBaseTables } from '../../../shared/mysql-schema';
import type { TableStateRow } from './table-state';
import { TableSync, type ZeroEtlStatePolicy } from './table-sync';
import type { Row, Warehouse } from '../warehouse/warehouse';
import type { DdlChange } from './ddl';

export interface ReplicatorOptions {
  /** Server URL, e.g. `mysql://root@127.0.0.1:3306/` (needs replication rights and CREATE on the heartbeat schema). */
  readonly sourceUrl: string;
  /** The source database to replicate; it becomes a schema of the same name in the warehouse. */
  readonly database: string;
  readonly warehouse: Warehouse;
  /** How often the heartbeat (lag probe) is written. @default 250 */
  readonly heartbeatIntervalMs?: number;
  /** Rolling window for the current lag. @default 60_000 */
  readonly lagWindowMs?: number;
  /** Called when the stream fails after start (the replicator keeps its last state). */
  readonly onError?: (error: Error) => void;
  /** Called right after rows become visible in the warehouse (benchmarks measure per-row lag). */
  readonly onApplied?: (table: string, operation: 'upsert' | 'delete', rows: readonly Row[]) => void;
  /** Which tables of the database are replicated (a zero-ETL data filter). @default every table */
  readonly replicates?: (table: string) => boolean;
  /** Zero-ETL's table-state rules (the local cloud). @default - the local pipeline's immediate ones */
  readonly zeroEtlStates?: ZeroEtlStatePolicy;
  /**
   * When the binlog connection breaks (the source rebooted), reconnect from the last applied position
   * after this many milliseconds, until it works or the replicator stops. @default - no reconnection
   */
  readonly reconnectAfterMs?: number;
}

/** Which tables an `ALTER DATABASE … INTEGRATION REFRESH` names. */
export type RefreshScope = 'all' | 'failed' | { readonly tables: readonly string[] };

/** Work that must run in binlog order with the row changes (refreshes, filter changes, resyncs). */
type Task = { readonly type: 'task'; readonly run: () => Promise<void> };

export interface ReplicationProgress {
  /** Row changes applied from the binlog (snapshot rows not included). */
  readonly changesApplied: number;
  readonly appliedPosition: BinlogPosition;
  readonly snapshot: SnapshotResult;
}

type Run = { table: string; operation: 'upsert' | 'delete'; rows: Row[] };

export class Replicator {
  readonly lag: LagTracker;
  private readonly queue: (ChangeEvent | Task)[] = [];
  private draining?: Promise<void>;
  private stream?: BinlogStream;
  private readonly heartbeat: Heartbeat;
  private changesApplied = 0;
  private appliedPosition: BinlogPosition;
  private stopped = false;

  private constructor(
    private readonly options: ReplicatorOptions,
    private readonly pool: Pool,
    private readonly sync: TableSync,
    private readonly snapshot: SnapshotResult,
    from: BinlogPosition,
  ) {
    this.lag = new LagTracker({ windowMs: options.lagWindowMs });
    this.heartbeat = new Heartbeat(pool, options.onError);
    this.appliedPosition = from;
  }

  /** Snapshots the database and starts streaming; resolves once the stream is live. */
  static async start(options: ReplicatorOptions): Promise<Replicator> {
    const pool = createPool({ uri: options.sourceUrl, dateStrings: true, connectionLimit: 3 });
    try {
      await Heartbeat.prepare(pool);
      const sync = new TableSync({
        source: pool,
        sourceUrl: options.sourceUrl,
        database: options.database,
        warehouse: options.warehouse,
        replicates: options.replicates,
        zeroEtlStates: options.zeroEtlStates,
      });
      // Order matters: position first, then the copy, then the stream from that position.
      const from = await currentBinlogPosition(pool);
      for (const table of await listBaseTables(pool, options.database)) await sync.discover(table);
      const connection = await openSnapshotConnection(options.sourceUrl);
      let snapshot: SnapshotResult;
      try {
        snapshot = await snapshotTables(connection, options.warehouse, sync.syncedTables());
      } finally {
        await connection.end();
      }
      const replicator = new Replicator(options, pool, sync, snapshot, from);
      await replicator.startStreaming(from);
      return replicator;
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  private async startStreaming(from: BinlogPosition): Promise<void> {
    this.stream = await startBinlogStream({
      url: this.options.sourceUrl,
      schemas: [this.options.database, HEARTBEAT_SCHEMA],
      from,
      onEvent: (event) => this.enqueue(event),
      onError: (error) => {
        this.options.onError?.(
          new ReplicationError(`The binlog stream failed: ${error.message}`, { cause: error }),
        );
        if (this.options.reconnectAfterMs !== undefined) void this.reconnect(this.options.reconnectAfterMs);
      },
    });
    if (!this.heartbeatStarted) this.heartbeat.start(this.options.heartbeatIntervalMs ?? 250);
    this.heartbeatStarted = true;
  }

  private heartbeatStarted = false;
  private reconnecting = false;

  /** Reopens the binlog stream from the last applied position (replaying from there is idempotent). */
  private async reconnect(delayMs: number): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      await this.stream?.stop().catch(() => undefined);
      while (!this.stopped) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (this.stopped) return;
        await this.draining;
        try {
          await this.startStreaming(this.appliedPosition);
          return;
        } catch {
          // The source is still down: try again.
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }

  /**
   * `ALTER DATABASE … INTEGRATION REFRESH`: copies the named, the Failed or all tables again, in order
   * with the stream; resolves once done.
   */
  refresh(scope: RefreshScope): Promise<void> {
    return this.runInOrder(async () => {
      const tables =
        scope === 'all'
          ? await listBaseTables(this.pool, this.options.database)
          : scope === 'failed'
            ? this.sync.states
                .list()
                .filter((row) => row.state === 'Failed')
                .map((row) => row.table)
            : scope.tables;
      await this.sync.refresh(tables);
    });
  }

  /** A new data filter, applied in order with the stream; resolves once the warehouse follows it. */
  changeFilter(replicates: (table: string) => boolean): Promise<void> {
    return this.runInOrder(async () =>
      this.sync.changeFilter(replicates, await listBaseTables(this.pool, this.options.database)),
    );
  }

  private runInOrder(run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.enqueue({ type: 'task', run: () => run().then(resolve, reject) });
    });
  }

  tableStates(): TableStateRow[] {
    return this.sync.states.list();
  }

  /** Tables with data in the warehouse. */
  syncedTables() {
    return this.sync.syncedTables();
  }

  progress(): ReplicationProgress {
    return {
      changesApplied: this.changesApplied,
      appliedPosition: this.appliedPosition,
      snapshot: this.snapshot,
    };
  }

  /** Resolves once every change committed at the source before this call is in the warehouse. */
  caughtUp(timeoutMs = 30_000): Promise<void> {
    return this.heartbeat.barrier(timeoutMs);
  }

  /** Stops heartbeats and the binlog connection, applies what was already received, closes the pool. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.heartbeat.stop();
    await this.stream?.stop();
    await this.draining;
    await this.pool.end();
  }

  private enqueue(event: ChangeEvent | Task): void {
    this.queue.push(event);
    if (this.draining) return;
    this.draining = (async () => {
      while (this.queue.length > 0) {
        const events = this.queue.splice(0);
        try {
          await this.apply(events);
        } catch (error) {
          this.options.onError?.(error as Error);
        }
      }
      this.draining = undefined;
    })();
  }

  /** Applies events in order, merging consecutive row changes to one table into one statement. */
  private async apply(events: readonly (ChangeEvent | Task)[]): Promise<void> {
    let run: Run | undefined;
    const heartbeats: Row[] = [];
    let position: BinlogPosition | undefined;
    const flush = async () => {
      if (!run) return;
      const { table, operation, rows } = run;
      run = undefined;
      await (operation === 'upsert' ? this.sync.upsert(table, rows) : this.sync.delete(table, rows));
      this.changesApplied += rows.length;
      this.options.onApplied?.(table, operation, rows);
    };
    const add = async (table: string, operation: Run['operation'], rows: readonly Row[]) => {
      if (!run || run.table !== table || run.operation !== operation) {
        await flush();
        run = { table, operation, rows: [] };
      }
      run.rows.push(...rows);
    };

    for (const event of events) {
      if (event.type === 'commit') {
        position = event.position;
        continue;
      }
      if (event.type === 'ddl') {
        await flush();
        await this.applyDdl(event.change, event.statement);
        continue;
      }
      if (event.type === 'task') {
        await flush();
        await event.run();
        continue;
      }
      if (event.schema === HEARTBEAT_SCHEMA) {
        const images = event.type === 'update' ? event.rows.map((row) => row.after) : event.rows;
        heartbeats.push(...images);
        continue;
      }
      if (event.schema !== this.options.database) continue;
      if (!this.sync.isKnown(event.table)) {
        await flush();
        await this.sync.discover(event.table);
      }
      const table = this.sync.synced(event.table);
      if (!table) continue;
      if (event.type === 'update') {
        for (const { before, after } of event.rows) {
          const keyChanged = table.primaryKey.some((key) => String(before[key]) !== String(after[key]));
          if (keyChanged) await add(event.table, 'delete', [before]);
          await add(event.table, 'upsert', [after]);
        }
      } else {
        await add(event.table, event.type === 'insert' ? 'upsert' : 'delete', event.rows);
      }
    }
    await flush();
    if (position) this.appliedPosition = position;
    this.heartbeat.observe(heartbeats, Date.now(), this.lag);
  }

  /** Zero-ETL resyncs a ResyncRequired table by itself, after a while. */
  private scheduleResync(table: string): void {
    const timer = setTimeout(() => {
      if (this.stopped) return;
      void this.runInOrder(async () => {
        if (this.sync.states.get(table)?.state === 'ResyncRequired') await this.sync.refresh([table]);
      }).catch((error: Error) => this.options.onError?.(error));
    }, this.options.zeroEtlStates!.resyncAfterMs);
    timer.unref();
  }

  private async applyDdl(change: DdlChange, statement: string): Promise<void> {
    const ours = (name: { schema: string }) => name.schema === this.options.database;
    if (change.kind === 'rename') {
      for (const [from, to] of change.pairs) {
        if (ours(from)) await this.sync.dropped(from.table);
        if (ours(to)) await this.sync.resync(to.table);
      }
      return;
    }
    for (const name of change.tables.filter(ours)) {
      if (change.kind === 'create') await this.sync.discover(name.table);
      else if (change.kind === 'alter') {
        const resyncPending = await this.sync.altered(name.table, statement);
        if (resyncPending && this.options.zeroEtlStates) this.scheduleResync(name.table);
      } else if (change.kind === 'truncate') await this.sync.truncate(name.table);
      else await this.sync.dropped(name.table);
    }
  }
}

/** Row counts per Synced table, read from the warehouse. */
export async function warehouseRowCounts(replicator: Replicator, warehouse: Warehouse) {
  const counts = new Map<string, number>();
  for (const table of replicator.syncedTables()) counts.set(table.name, await warehouse.countRows(table));
  return counts;
}
