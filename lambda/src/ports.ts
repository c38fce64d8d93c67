/**
 * The service's ports: what it needs from the outside world, implemented by adapters (ky, mysql2,
 * Secrets Manager) and by fakes in unit tests.
 */
import type { ResourceName } from './constants';
import type { ResourceSpec } from './domain/resources';
import type { Row } from './domain/validate';

/** The JSONPlaceholder-shaped API. */
export interface SourceApi {
  /** Every record of `resource` (a JSON array); throws SourceApiError with the URL and status. */
  fetchAll(resource: ResourceName): Promise<readonly unknown[]>;
}

export interface DbCredentials {
  readonly user: string;
  readonly password: string;
}

/** Where the database credentials come from (Secrets Manager in AWS, the environment locally). */
export interface SecretSource {
  /** Cached credentials; `refresh` re-reads them (after an access denied, e.g. on rotation). */
  getCredentials(options?: { refresh?: boolean }): Promise<DbCredentials>;
}

export interface UpsertCounts {
  /** Rows inserted or changed. */
  readonly upserted: number;
  /** Rows already identical in the table. */
  readonly unchanged: number;
}

export interface PruneResult {
  readonly deleted: number;
  /** Ids gone from the source but still referenced by child rows (ON DELETE RESTRICT), so kept. */
  readonly kept: readonly number[];
}

/** One ingestion run's hold on the database: a single connection holding the ingestion lock. */
export interface IngestSession {
  /** How many upsertBatch calls may run at once (one connection each). */
  readonly writeConcurrency: number;
  /** Writes one batch as one transaction: all rows or none. */
  upsertBatch(spec: ResourceSpec, rows: readonly Row[]): Promise<UpsertCounts>;
  /** Every id in the resource's table. */
  ids(spec: ResourceSpec): Promise<Set<number>>;
  /** Deletes the rows whose ids are not in `keep`, unless a child row still references them. */
  deleteAllExcept(spec: ResourceSpec, keep: ReadonlySet<number>): Promise<PruneResult>;
  /** Releases the lock and the connection; never throws. */
  release(): Promise<void>;
}

export interface RecordRepository {
  /** Connects and takes the ingestion lock (waiting for a concurrent run to finish). */
  openSession(): Promise<IngestSession>;
  /** Rows per table, e.g. `{ users: 10 }` (no lock: a consistent read per table). */
  countRows(specs: readonly ResourceSpec[]): Promise<Record<string, number>>;
}

export interface SchemaRepository {
  /** Runs DDL statements in order; returns how many ran. */
  apply(statements: readonly string[]): Promise<number>;
}
