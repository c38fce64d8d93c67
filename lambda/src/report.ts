/** The invocation result contract: `{ statusCode, body }` with the run's counts and errors. */
import { MAX_REPORTED_ERRORS, RUN_SCOPE } from './constants';

export interface ResourceReport {
  /** Records the source returned. */
  fetched: number;
  /** Rows inserted or changed. */
  upserted: number;
  /** Valid rows already identical in the table. */
  unchanged: number;
  /** Records refused by validation (wrong type, missing, too long, duplicate, orphan). */
  rejected: number;
  /** Rows deleted because they are gone from the source (see docs/lambda.md). */
  deleted: number;
}

export interface ErrorEntry {
  readonly resource: string;
  readonly id?: number;
  readonly reason: string;
}

export interface RunBody {
  readonly run_id: string;
  /** Valid source records now stored: Σ (upserted + unchanged). */
  readonly total_records: number;
  readonly resources: Readonly<Record<string, ResourceReport>>;
  readonly errors: readonly ErrorEntry[];
  /** Only for `migrate`: DDL statements applied. */
  readonly statements?: number;
  /** Only for `counts`: rows per table. */
  readonly counts?: Readonly<Record<string, number>>;
}

export type StatusCode = 200 | 207 | 500;

export interface HandlerResult {
  readonly statusCode: StatusCode;
  readonly body: string;
}

export const emptyResourceReport = (): ResourceReport => ({
  fetched: 0,
  upserted: 0,
  unchanged: 0,
  rejected: 0,
  deleted: 0,
});

/** Keeps the response small: the first entries, then one summarising the rest. */
export function capErrors(errors: readonly ErrorEntry[], max = MAX_REPORTED_ERRORS): ErrorEntry[] {
  if (errors.length <= max) return [...errors];
  const omitted = errors.length - max;
  return [
    ...errors.slice(0, max),
    { resource: RUN_SCOPE, reason: `${omitted} more errors omitted (see logs)` },
  ];
}

export function toResult(statusCode: StatusCode, body: RunBody): HandlerResult {
  return { statusCode, body: JSON.stringify({ ...body, errors: capErrors(body.errors) }) };
}

/** 500 with one run-wide error: nothing could be done. */
export function failureBody(runId: string, reason: string): RunBody {
  return { run_id: runId, total_records: 0, resources: {}, errors: [{ resource: RUN_SCOPE, reason }] };
}
