/**
 * Keeps the warehouse copy of each source table in line with the source: decides Synced/Failed,
 * creates, resyncs and drops warehouse tables, and applies batches of row changes. One instance per
 * source database; called by the replicator in binlog order.
 */
import { describeTable, type MysqlQueryable } from '../../../shared/mysql-schema';
import { openSnapshotConnection, snapshotTables } from './snapshot';
import { evaluateReplication, TableStateTracker } from './table-state';
import type { Row, Warehouse, WarehouseTable } from '../warehouse/warehouse';

export interface TableSyncOptions {
  readonly source: MysqlQueryable;
  /** Source URL, for the dedicated connections a table resync needs. */
  readonly sourceUrl: string;
  readonly database: string;
  readonly warehouse: Warehouse;
}

export class TableSync {
  readonly states = new TableStateTracker();
  private readonly tables = new Map<string, WarehouseTable>();
  /** Set by `discover` when it (re)created the warehouse table. */
  private created = false;

  constructor(private readonly options: TableSyncOptions) {}

  /** The warehouse shape of a Synced table. */
  synced(table: string): WarehouseTable | undefined {
    return this.states.isSynced(table) ? this.tables.get(table) : undefined;
  }

  syncedTables(): WarehouseTable[] {
    return [...this.tables.values()].filter((table) => this.states.isSynced(table.name));
  }

  /** Reads the table's current definition and creates (Synced) or drops (Failed) the warehouse copy. */
  async discover(name: string): Promise<WarehouseTable | undefined> {
    const { source, database, warehouse } = this.options;
    const definition = await describeTable(source, database, name);
    if (!definition) {
      await this.dropped(name);
      return undefined;
    }
    const evaluation = evaluateReplication(definition);
    if (!evaluation.replicable) {
      this.tables.delete(name);
      await warehouse.dropTable({ schema: database, name });
      this.states.set(name, 'Failed', evaluation.reason);
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

  /** Re-reads the definition and, when the shape changed, copies the table again (S6 resync). */
  async resync(name: string): Promise<void> {
    this.created = false;
    const table = await this.discover(name);
    if (!table || !this.created) return;
    const connection = await openSnapshotConnection(this.options.sourceUrl);
    try {
      await snapshotTables(connection, this.options.warehouse, [table]);
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
