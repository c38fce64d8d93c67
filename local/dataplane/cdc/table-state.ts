/**
 * Per-table replication state, modelled on Redshift's SVV_INTEGRATION_TABLE_STATE: a table the
 * integration cannot replicate (the first rule of rules/table-checks.ts it breaks: S1 no primary
 * key, S2 not InnoDB, S3 cascading foreign key, S7 unsupported type, S9 identifiers) is Failed with
 * that rule's reason and gets no data in the warehouse.
 */
import { evaluateTable, type TableFacts } from '../../../rules';
import { postgresTypeFor } from '../warehouse/types';

/**
 * The states of SVV_INTEGRATION_TABLE_STATE this data plane reaches ("SVV_INTEGRATION_TABLE_STATE",
 * Amazon Redshift Database Developer Guide): ResyncRequired after DDL zero-ETL cannot apply in place,
 * ResyncInitiated while the table is copied again.
 */
export type TableState = 'Synced' | 'Failed' | 'DroppedSource' | 'ResyncRequired' | 'ResyncInitiated';

export interface WarehouseColumn {
  readonly name: string;
  readonly redshiftType: string;
  readonly postgresType: string;
}

export type TableEvaluation =
  | { readonly replicable: true; readonly columns: readonly WarehouseColumn[] }
  | {
      readonly replicable: false;
      /** The rule, the subject and what is wrong, as SVV_INTEGRATION_TABLE_STATE.reason would say it. */
      readonly reason: string;
      /** What to change (the rule's fix); empty when the rule has none. */
      readonly fix: string;
    };

/** Decides, as zero-ETL would, whether a source table can be replicated, and with which types (pure). */
export function evaluateReplication(table: TableFacts): TableEvaluation {
  const { checks, columns } = evaluateTable(table);
  const failure = checks.find((check) => check.status === 'fail');
  if (failure) {
    return {
      replicable: false,
      reason: `${failure.rule} ${failure.subject}: ${failure.message}`,
      fix: failure.fix ?? '',
    };
  }
  return {
    replicable: true,
    // With no failed check every column has a Redshift type.
    columns: columns.map(({ column, redshiftType }) => ({
      name: column,
      redshiftType: redshiftType!,
      postgresType: postgresTypeFor(redshiftType!),
    })),
  };
}

export interface TableStateRow {
  readonly table: string;
  readonly state: TableState;
  /** Why the table is Failed; empty otherwise. */
  readonly reason: string;
  /**
   * How to fix it, when a rule knows: the local pipeline prints it beside the reason; the local
   * cloud's SVV_INTEGRATION_TABLE_STATE leaves it out, as Redshift's reason has none (the operations
   * CLI adds the fix from rules/).
   */
  readonly fix: string;
  readonly updatedAt: Date;
}

/** The current state of every table seen in the source database. */
export class TableStateTracker {
  private readonly states = new Map<string, TableStateRow>();

  set(table: string, state: TableState, reason = '', fix = ''): void {
    this.states.set(table, { table, state, reason, fix, updatedAt: new Date() });
  }

  /** Forgets a table (a data filter excludes it: it has no state at all). */
  delete(table: string): void {
    this.states.delete(table);
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
