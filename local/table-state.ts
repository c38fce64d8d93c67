/**
 * Per-table replication state, modelled on Redshift's SVV_INTEGRATION_TABLE_STATE: a table the
 * integration cannot replicate (S1 no primary key, S2 not InnoDB, S3 cascading foreign key,
 * S7 unsupported type) is Failed with a reason and gets no data in the warehouse.
 */
import { redshiftTypeFor } from '../rules/type-mapping';
import type { SourceTable } from './source-schema';
import { postgresTypeFor } from './warehouse-types';

export type TableState = 'Synced' | 'Failed' | 'DroppedSource';

export interface WarehouseColumn {
  readonly name: string;
  readonly redshiftType: string;
  readonly postgresType: string;
}

export type TableEvaluation =
  | { readonly replicable: true; readonly columns: readonly WarehouseColumn[] }
  | { readonly replicable: false; readonly reason: string };

const CASCADING_ACTIONS = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT']);

/** Decides, as zero-ETL would, whether a source table can be replicated (pure). */
export function evaluateTable(table: SourceTable): TableEvaluation {
  if (table.primaryKey.length === 0) {
    return { replicable: false, reason: 'no primary key (S1): add a PRIMARY KEY' };
  }
  if (table.engine.toLowerCase() !== 'innodb') {
    return { replicable: false, reason: `engine ${table.engine} is not InnoDB (S2)` };
  }
  for (const fk of table.foreignKeys) {
    const rules = [`ON DELETE ${fk.deleteRule}`, `ON UPDATE ${fk.updateRule}`].filter((rule) =>
      CASCADING_ACTIONS.has(rule.replace(/^ON (DELETE|UPDATE) /, '')),
    );
    if (rules.length > 0) {
      return {
        replicable: false,
        reason: `cascading foreign key ${fk.name} (${rules.join(', ')}) (S3): use RESTRICT or NO ACTION`,
      };
    }
  }
  const columns: WarehouseColumn[] = [];
  for (const column of table.columns) {
    const mapping = redshiftTypeFor(column.columnType);
    if (!mapping.supported) {
      return {
        replicable: false,
        reason: `unsupported type in column ${column.name} (S7): ${mapping.reason}`,
      };
    }
    columns.push({
      name: column.name,
      redshiftType: mapping.redshiftType,
      postgresType: postgresTypeFor(mapping.redshiftType),
    });
  }
  return { replicable: true, columns };
}

export interface TableStateRow {
  readonly table: string;
  readonly state: TableState;
  /** Why the table is Failed; empty otherwise. */
  readonly reason: string;
  readonly updatedAt: Date;
}

/** The current state of every table seen in the source database. */
export class TableStateTracker {
  private readonly states = new Map<string, TableStateRow>();

  set(table: string, state: TableState, reason = ''): void {
    this.states.set(table, { table, state, reason, updatedAt: new Date() });
  }

  get(table: string): TableStateRow | undefined {
    return this.states.get(table);
  }

  isSynced(table: string): boolean {
    return this.states.get(table)?.state === 'Synced';
  }

  /** Rows sorted by table name, like `SELECT * FROM svv_integration_table_state ORDER BY table_name`. */
  list(): TableStateRow[] {
    return [...this.states.values()].sort((a, b) => a.table.localeCompare(b.table));
  }
}
