/** An in-memory RecordRepository for unit tests: tables as maps, RESTRICT honoured, faults injectable. */
import { childrenOf, RESOURCE_SPECS, type ResourceSpec } from '../../../lambda/src/domain/resources';
import type { Row } from '../../../lambda/src/domain/validate';
import type { IngestSession, RecordRepository } from '../../../lambda/src/ports';

export class InMemoryRepository implements RecordRepository {
  readonly tables = new Map<string, Map<number, Row>>();
  /** Throw this from the n-th upsertBatch call (1-based), if set. */
  failOnBatch?: { call: number; error: Error };
  failOpen?: Error;
  /** Batches the service may keep in flight (the MySQL session's connection count). */
  writeConcurrency = 1;
  private batchCalls = 0;

  table(name: string): Map<number, Row> {
    let table = this.tables.get(name);
    if (!table) this.tables.set(name, (table = new Map()));
    return table;
  }

  async countRows(specs: readonly ResourceSpec[]): Promise<Record<string, number>> {
    return Object.fromEntries(specs.map((spec) => [spec.table, this.table(spec.table).size]));
  }

  async openSession(): Promise<IngestSession> {
    if (this.failOpen) throw this.failOpen;
    return {
      writeConcurrency: this.writeConcurrency,
      upsertBatch: async (spec: ResourceSpec, rows: readonly Row[]) => {
        this.batchCalls += 1;
        if (this.failOnBatch?.call === this.batchCalls) throw this.failOnBatch.error;
        const table = this.table(spec.table);
        let upserted = 0;
        for (const row of rows) {
          if (JSON.stringify(table.get(row[0] as number)) !== JSON.stringify(row)) upserted += 1;
          table.set(row[0] as number, row);
        }
        return { upserted, unchanged: rows.length - upserted };
      },
      ids: async (spec: ResourceSpec) => new Set(this.table(spec.table).keys()),
      deleteAllExcept: async (spec: ResourceSpec, keep: ReadonlySet<number>) => {
        const table = this.table(spec.table);
        const children = childrenOf(spec.name).map((child) => {
          const childSpec = Object.values(RESOURCE_SPECS).find((s) => s.table === child.table)!;
          const index = childSpec.columns.findIndex((c) => c.column === child.column);
          return [...this.table(child.table).values()].map((row) => row[index]);
        });
        let deleted = 0;
        const kept: number[] = [];
        for (const id of [...table.keys()].filter((id) => !keep.has(id))) {
          if (children.some((refs) => refs.includes(id))) kept.push(id);
          else {
            table.delete(id);
            deleted += 1;
          }
        }
        return { deleted, kept };
      },
      release: async () => undefined,
    };
  }
}
