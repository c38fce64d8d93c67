/**
 * Keeps the warehouse copy of each source table in line with the source: decides Synced/Failed,
 * creates, resyncs and drops warehouse tables, and applies batches of row changes. One instance per
 * source database; called by the replicator in binlog order.
 *
 * Two policies share this code. The local pipeline (npm start) favours immediacy: a fixed Failed table
 * recovers at once and any shape change re-copies the table at once. The local cloud models zero-ETL
 * (`zeroEtlStates`): a Failed table stays Failed until it is refreshed (`ALTER DATABASE … INTEGRATION
 * REFRESH`), and DDL that zero-ETL cannot apply in place (rules/ddl-checks.ts) puts the table in
 * ResyncRequired — not queryable — until the integration resyncs it ("Troubleshooting Aurora zero-ETL
 * integrations": "One or more of my Amazon Redshift tables requires a resync").
 */
import { resyncingDdl } from '../../../rules';
import { describeTable, type MysqlQueryable } from '../../../shared/mysql-schema';
import { openSnapshotConnection, snapshotTables } from './snapshot';
import { evaluateReplication, TableStateTracker } from './table-state';
import type { Row, Warehouse, WarehouseTable } from '../warehouse/warehouse';

/** How table states move: zero-ETL's rules, as the local cloud models them. */
export interface ZeroEtlStatePolicy {
  /** A table in ResyncRequired is copied again after this long (AWS: minutes; locally short). */
  readonly resyncAfterMs: number;
}

export interface TableSyncOptions {
  readonly source: MysqlQueryable;
  /** Source URL, for the dedicated connections a table resync needs. */
  readonly sourceUrl: string;
  readonly database: string;
  readonly warehouse: Warehouse;
  /** Which of the database's tables are replicated (a data filter). @default every table */
  readonly replicates?: (table: string) => boolean;
  /** Zero-ETL's state rules. @default - the local pipeline's immediate recovery and resync */
  readonly zeroEtlStates?: ZeroEtlStatePolicy;
}

export class TableSync {
  readonly states = new TableStateTracker();
  private readonly tables = new Map<string, WarehouseTable>();
  /** Tables the data filter leaves out (no state, no copy). */
  private readonly excluded = new Set<string>();
  private replicates: (table: string) => boolean;
  /** Set by `discover` when it (re)created the warehouse table. */
  private created = false;

  constructor(private readonly options: TableSyncOptions) {
    this.replicates = options.replicates ?? (() => true);
  }

  /** The warehouse shape of a Synced table. */
  synced(table: string): WarehouseTable | undefined {
    return this.states.isSynced(table) ? this.tables.get(table) : undefined;
  }

  syncedTables(): WarehouseTable[] {
    return [...this.tables.values()].filter((table) => this.states.isSynced(table.name));
  }

  /** Seen before (replicated, failed, dropped or excluded by the filter): no need to discover it. */
  isKnown(table: string): boolean {
    return this.excluded.has(table) || this.states.get(table) !== undefined;
  }

  /** Reads the table's current definition and creates (Synced) or drops (Failed) the warehouse copy. */
  async discover(name: string): Promise<WarehouseTable | undefined> {
    const { source, database, warehouse } = this.options;
    if (!this.replicates(name)) {
      await this.exclude(name);
      return undefined;
    }
    this.excluded.delete(name);
    const previous = this.states.get(name)?.state;
    // Zero-ETL keeps a Failed table Failed (and a pending resync pending) until a refresh.
    if (this.options.zeroEtlStates && (previous === 'Failed' || previous === 'ResyncRequired'))
      return undefined;
    const definition = await describeTable(source, database, name);
    if (!definition) {
      await this.dropped(name);
      return undefined;
    }
    const evaluation = evaluateReplication(definition);
    if (!evaluation.replicable) {
      this.tables.delete(name);
      await warehouse.dropTable({ schema: database, name });
      this.states.set(name, 'Failed', evaluation.reason, evaluation.fix);
      return undefined;
    }
    const table: WarehouseTable = {
      schema: database,
      name,
      columns: evaluation.columns,
      primaryKey: definition.primaryKey,
    };
    const current = this.synced(name);
    // `CREATE TABLE IF NOT EXISTS` (the Lambda's migrate) or an index change keeps the data.
    if (current && JSON.stringify(current) === JSON.stringify(table)) return current;
    await warehouse.recreateTable(table);
    this.tables.set(name, table);
    this.states.set(name, 'Synced');
    this.created = true;
    return table;
  }

  /**
   * After an ALTER TABLE: zero-ETL resyncs the table when the statement is one it cannot apply in
   * place (ResyncRequired until the resync); otherwise the change is applied (here: by copying the
   * table again when its shape changed). Returns true when a resync is now pending.
   */
  async altered(name: string, statement: string): Promise<boolean> {
    const resync = this.options.zeroEtlStates && resyncingDdl(statement);
    if (resync && this.replicates(name) && this.states.get(name)?.state === 'Synced') {
      this.tables.delete(name);
      // Not queryable while a resync is pending, as in Redshift.
      await this.options.warehouse.dropTable({ schema: this.options.database, name });
      this.states.set(name, 'ResyncRequired', `DDL needs a resync: ${resync.reason}`);
      return true;
    }
    await this.resync(name);
    return false;
  }

  /** Re-reads the definition and, when the shape changed, copies the table again (S6 resync). */
  async resync(name: string): Promise<void> {
    this.created = false;
    const table = await this.discover(name);
    if (!table || !this.created) return;
    await this.copy([table]);
  }

  /**
   * `ALTER DATABASE … INTEGRATION REFRESH`: forgets the tables' states and copies them again from the
   * source (a fixed Failed table becomes Synced; one still broken fails again).
   */
  async refresh(names: readonly string[]): Promise<void> {
    const copies: WarehouseTable[] = [];
    for (const name of names) {
      if (!this.replicates(name)) continue;
      this.tables.delete(name);
      this.states.delete(name);
      this.created = false;
      const table = await this.discover(name);
      if (table && this.created) {
        this.states.set(name, 'ResyncInitiated');
        copies.push(table);
      }
    }
    await this.copy(copies);
    for (const table of copies) this.states.set(table.name, 'Synced');
  }

  /** A new data filter: excluded tables leave the warehouse; newly included ones are copied. */
  async changeFilter(replicates: (table: string) => boolean, sourceTables: readonly string[]): Promise<void> {
    this.replicates = replicates;
    const added: string[] = [];
    for (const name of new Set([
      ...sourceTables,
      ...this.excluded,
      ...this.states.list().map((row) => row.table),
    ])) {
      if (!replicates(name)) await this.exclude(name);
      else if (this.excluded.has(name) || !this.states.get(name)) added.push(name);
    }
    await this.refresh(added);
  }

  /** Every table with a state (the candidates of REFRESH ALL TABLES). */
  knownTables(): string[] {
    return this.states.list().map((row) => row.table);
  }

  private async exclude(name: string): Promise<void> {
    this.tables.delete(name);
    this.states.delete(name);
    this.excluded.add(name);
    // "Modifying zero-ETL integrations": data of tables a filter change excludes is deleted from the target.
    await this.options.warehouse.dropTable({ schema: this.options.database, name });
  }

  private async copy(tables: readonly WarehouseTable[]): Promise<void> {
    if (tables.length === 0) return;
    const connection = await openSnapshotConnection(this.options.sourceUrl);
    try {
      await snapshotTables(connection, this.options.warehouse, tables);
    } finally {
      await connection.end();
    }
  }

  async dropped(name: string): Promise<void> {
    this.tables.delete(name);
    await this.options.warehouse.dropTable({ schema: this.options.database, name });
    if (this.states.get(name)) this.states.set(name, 'DroppedSource');
  }

  async truncate(name: string): Promise<void> {
    const table = this.synced(name);
    if (table) await this.options.warehouse.truncate(table);
  }

  async upsert(name: string, rows: readonly Row[]): Promise<void> {
    await this.guard(name, (table) => this.options.warehouse.upsert(table, rows));
  }

  async delete(name: string, rows: readonly Row[]): Promise<void> {
    await this.guard(name, (table) => this.options.warehouse.delete(table, rows));
  }

  /** Applies to Synced tables only; a failure to apply fails the table, as Redshift does, not the run. */
  private async guard(name: string, apply: (table: WarehouseTable) => Promise<void>): Promise<void> {
    const table = this.synced(name);
    if (!table) return;
    try {
      await apply(table);
    } catch (error) {
      this.tables.delete(name);
      this.states.set(name, 'Failed', `could not apply a change: ${(error as Error).message}`);
      // Like Redshift, a Failed table is not queryable: no stale copy stays behind.
      await this.options.warehouse.dropTable(table).catch(() => undefined);
    }
  }
}
