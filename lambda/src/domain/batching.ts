/**
 * Splits rows into INSERT batches bounded by row count and by size, so a batch of long TEXT values
 * never outgrows max_allowed_packet (16 MiB on MariaDB 10.11, 64 MiB on Aurora MySQL 3).
 */
import type { Row } from './validate';

/** ~2 M characters of values per statement: ≤ 6 MiB of UTF-8 even for 3-byte characters. */
export const MAX_BATCH_CHARS = 2_000_000;

export function* batches(
  rows: readonly Row[],
  maxRows: number,
  maxChars = MAX_BATCH_CHARS,
): Generator<Row[]> {
  let batch: Row[] = [];
  let chars = 0;
  for (const row of rows) {
    let size = 0;
    for (const value of row) size += typeof value === 'string' ? value.length + 4 : 12;
    if (batch.length > 0 && (batch.length >= maxRows || chars + size > maxChars)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(row);
    chars += size;
  }
  if (batch.length > 0) yield batch;
}
