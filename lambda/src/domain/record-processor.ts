/**
 * Turns one resource's source records into table rows: validates each, rejects duplicates (the first
 * record with an id wins) and orphans (a parent id that is not in `parentIds`), with a reason each.
 */
import type { ResourceName } from '../constants';
import type { ResourceSpec } from './resources';
import { type Row, validateRecord } from './validate';

export interface Rejection {
  readonly resource: ResourceName;
  readonly id?: number;
  readonly reason: string;
}

export interface ProcessedResource {
  /** Records received from the source. */
  readonly fetched: number;
  /** Valid rows in source order; `row[0]` is the id. */
  readonly rows: readonly Row[];
  readonly rejections: readonly Rejection[];
}

export function processRecords(
  spec: ResourceSpec,
  records: readonly unknown[],
  parentIds?: ReadonlySet<number>,
): ProcessedResource {
  const parentIndex = spec.parent ? spec.columns.findIndex((c) => c.column === spec.parent!.column) : -1;
  const seen = new Set<number>();
  const rows: Row[] = [];
  const rejections: Rejection[] = [];
  const reject = (reason: string, id?: number) => rejections.push({ resource: spec.name, id, reason });

  for (const record of records) {
    const result = validateRecord(spec, record);
    if (!result.ok) {
      reject(result.reason, result.id);
      continue;
    }
    if (seen.has(result.id)) {
      reject(`duplicate id ${result.id}: an earlier record with this id was kept`, result.id);
      continue;
    }
    seen.add(result.id);
    if (spec.parent && parentIds && !parentIds.has(result.row[parentIndex] as number)) {
      reject(
        `orphan: ${spec.parent.column} ${result.row[parentIndex]} is not a stored ${spec.parent.resource} id`,
        result.id,
      );
      continue;
    }
    rows.push(result.row);
  }
  return { fetched: records.length, rows, rejections };
}
