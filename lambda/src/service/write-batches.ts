/**
 * Writes rows in batches through an IngestSession, keeping up to `session.writeConcurrency`
 * batches in flight. Each batch is its own transaction; after a failure no new batch starts and
 * the ones in flight finish (committed or rolled back) before this returns.
 */
import { batches } from '../domain/batching';
import type { ResourceSpec } from '../domain/resources';
import type { Row } from '../domain/validate';
import type { IngestSession } from '../ports';

export interface BatchWriteOutcome {
  readonly upserted: number;
  readonly unchanged: number;
  /** Ids of the rows in committed batches. */
  readonly storedIds: Set<number>;
  /** The first batch that failed, if any. */
  readonly failed?: { readonly batch: readonly Row[]; readonly error: unknown };
}

export async function writeBatches(
  session: IngestSession,
  spec: ResourceSpec,
  rows: readonly Row[],
  batchSize: number,
  onBatchFailed: (error: unknown) => void = () => undefined,
): Promise<BatchWriteOutcome> {
  const storedIds = new Set<number>();
  let upserted = 0;
  let unchanged = 0;
  let failed: BatchWriteOutcome['failed'];
  const inFlight = new Set<Promise<void>>();
  for (const batch of batches(rows, batchSize)) {
    if (failed) break;
    const write: Promise<void> = session
      .upsertBatch(spec, batch)
      .then(
        (counts) => {
          upserted += counts.upserted;
          unchanged += counts.unchanged;
          for (const row of batch) storedIds.add(row[0] as number);
        },
        (error: unknown) => {
          onBatchFailed(error);
          failed ??= { batch, error };
        },
      )
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= Math.max(1, session.writeConcurrency)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { upserted, unchanged, storedIds, failed };
}
