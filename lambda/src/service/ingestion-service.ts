/**
 * The use cases: ingest (fetch → validate → upsert in FK order → prune what left the source) and
 * migrate (apply the schema). Talks only to ports; the container supplies the adapters.
 */
import type { Config } from '../config';
import { RESOURCE_NAMES, RUN_SCOPE, type ResourceName } from '../constants';
import { processRecords } from '../domain/record-processor';
import { RESOURCE_SPECS, inLoadOrder, type ResourceSpec } from '../domain/resources';
import { ingestUserStatements } from '../domain/ingest-user';
import { splitSqlStatements } from '../domain/sql-statements';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { IngestSession, RecordRepository, SchemaRepository, SourceApi } from '../ports';
import { writeBatches } from './write-batches';
import {
  type ErrorEntry,
  type ResourceReport,
  type RunBody,
  type StatusCode,
  emptyResourceReport,
} from '../report';

export interface IngestionServiceDeps {
  readonly config: Config;
  readonly sourceApi: SourceApi;
  readonly recordRepository: RecordRepository;
  readonly schemaRepository: SchemaRepository;
  readonly schemaSql: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly runId: string;
}

export interface RunOutcome {
  readonly statusCode: StatusCode;
  readonly body: RunBody;
}

type Fetched = { ok: true; records: readonly unknown[] } | { ok: false; reason: string };

/** What one resource's load left behind, for its children and for pruning. */
interface LoadState {
  /** Ids of valid rows that are in the table after this run. */
  readonly storedIds: Set<number>;
  /** Fetched and every batch committed. */
  readonly complete: boolean;
}

export class IngestionService {
  constructor(private readonly deps: IngestionServiceDeps) {}

  async ingest(requested: readonly ResourceName[]): Promise<RunOutcome> {
    const { logger, runId } = this.deps;
    const started = Date.now();
    const names = inLoadOrder(requested);
    const reports = Object.fromEntries(names.map((name) => [name, emptyResourceReport()])) as Record<
      ResourceName,
      ResourceReport
    >;
    const errors: ErrorEntry[] = [];
    logger.info('ingestion started', { resources: names });

    // Fetch everything first (concurrently, outside the lock), then write in FK order.
    const fetched = await Promise.all(names.map((name) => this.fetch(name)));

    let session: IngestSession;
    try {
      session = await this.deps.recordRepository.openSession();
    } catch (error) {
      const reason = `database unavailable: ${describeError(error)}`;
      logger.error('ingestion failed', { error });
      return {
        statusCode: 500,
        body: {
          run_id: runId,
          total_records: 0,
          resources: reports,
          errors: [{ resource: RUN_SCOPE, reason }],
        },
      };
    }

    const states = new Map<ResourceName, LoadState>();
    const failed = new Set<ResourceName>();
    try {
      for (const [index, name] of names.entries()) {
        const spec = RESOURCE_SPECS[name];
        const result = fetched[index];
        if (!result.ok) {
          errors.push({ resource: name, reason: result.reason });
          failed.add(name);
          continue;
        }
        try {
          const state = await this.load(session, spec, result.records, states, reports[name], errors);
          states.set(name, state);
          if (!state.complete) failed.add(name);
        } catch (error) {
          errors.push({ resource: name, reason: `not loaded: ${describeError(error)}` });
          failed.add(name);
        }
      }
      // After a failed write the database is suspect (often the connection is gone): delete nothing.
      const writeFailed = names.some((name) => failed.has(name) && fetched[names.indexOf(name)].ok);
      if (writeFailed) logger.warn('pruning skipped: a write failed in this run');
      for (const name of writeFailed ? [] : [...names].reverse()) {
        await this.prune(session, RESOURCE_SPECS[name], states, failed, reports[name], errors);
      }
    } finally {
      await session.release();
    }

    const body: RunBody = {
      run_id: runId,
      total_records: names.reduce((sum, name) => sum + reports[name].upserted + reports[name].unchanged, 0),
      resources: reports,
      errors,
    };
    const statusCode: StatusCode =
      errors.length === 0 ? 200 : failed.size === names.length && names.length > 0 ? 500 : 207;
    this.publishMetrics(reports, errors.length, Date.now() - started);
    logger.info('ingestion finished', {
      status: statusCode,
      total_records: body.total_records,
      resources: reports,
      error_count: errors.length,
    });
    return { statusCode, body };
  }

  /** Applies the schema, then (re)creates the ingestion user with DML on its tables, if configured. */
  async migrate(): Promise<RunOutcome> {
    const { ingestUser, db } = this.deps.config;
    const statements = [
      ...splitSqlStatements(this.deps.schemaSql),
      ...(ingestUser ? ingestUserStatements(ingestUser, db.database) : []),
    ];
    const applied = await this.deps.schemaRepository.apply(statements);
    this.deps.logger.info('schema applied', { statements: applied });
    return {
      statusCode: 200,
      body: { run_id: this.deps.runId, total_records: 0, resources: {}, errors: [], statements: applied },
    };
  }

  /** Rows per table, for comparing Aurora with Redshift after replication. */
  async counts(): Promise<RunOutcome> {
    const counts = await this.deps.recordRepository.countRows(
      RESOURCE_NAMES.map((name) => RESOURCE_SPECS[name]),
    );
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return {
      statusCode: 200,
      body: { run_id: this.deps.runId, total_records: total, resources: {}, errors: [], counts },
    };
  }

  private async fetch(name: ResourceName): Promise<Fetched> {
    try {
      const records = await this.deps.sourceApi.fetchAll(name);
      this.deps.logger.debug('fetched', { resource: name, records: records.length });
      return { ok: true, records };
    } catch (error) {
      this.deps.logger.warn('fetch failed', { resource: name, error });
      return { ok: false, reason: describeError(error) };
    }
  }

  private async load(
    session: IngestSession,
    spec: ResourceSpec,
    records: readonly unknown[],
    states: ReadonlyMap<ResourceName, LoadState>,
    report: ResourceReport,
    errors: ErrorEntry[],
  ): Promise<LoadState> {
    const parentIds = spec.parent ? await this.parentIds(session, spec.parent.resource, states) : undefined;
    const processed = processRecords(spec, records, parentIds);
    report.fetched = processed.fetched;
    report.rejected = processed.rejections.length;
    errors.push(...processed.rejections);
    // The response keeps the first errors only; the logs keep every rejection (100 per line).
    for (let start = 0; start < processed.rejections.length; start += 100) {
      const rejections = processed.rejections
        .slice(start, start + 100)
        .map(({ id, reason }) => ({ id, reason }));
      this.deps.logger.warn('records rejected', { resource: spec.name, rejections });
    }

    const { upserted, unchanged, storedIds, failed } = await writeBatches(
      session,
      spec,
      processed.rows,
      this.deps.config.batchSize,
      (error) => this.deps.logger.error('batch failed', { resource: spec.name, error }),
    );
    report.upserted += upserted;
    report.unchanged += unchanged;
    if (failed) {
      const { batch, error } = failed;
      const notStored = processed.rows.length - storedIds.size;
      const reason = `batch of ${batch.length} rows (ids ${batch[0][0]}…${batch[batch.length - 1][0]}) rolled back, ${notStored} rows not stored: ${describeError(error)}`;
      errors.push({ resource: spec.name, reason });
      return { storedIds, complete: false };
    }
    return { storedIds, complete: true };
  }

  /** A parent loaded in this run counts only with the rows it stored; otherwise the table decides. */
  private async parentIds(
    session: IngestSession,
    parent: ResourceName,
    states: ReadonlyMap<ResourceName, LoadState>,
  ): Promise<ReadonlySet<number>> {
    const state = states.get(parent);
    if (state?.complete) return state.storedIds;
    const stored = await session.ids(RESOURCE_SPECS[parent]);
    if (state) for (const id of state.storedIds) stored.add(id);
    return stored;
  }

  /**
   * Mirror deletes: rows whose ids the source no longer returns (as valid records) are deleted,
   * children first. Only when no write failed in the run, for a resource loaded completely whose
   * parent did not fail, and never when the source returned nothing valid (an outage must not
   * empty the table).
   */
  private async prune(
    session: IngestSession,
    spec: ResourceSpec,
    states: ReadonlyMap<ResourceName, LoadState>,
    failed: ReadonlySet<ResourceName>,
    report: ResourceReport,
    errors: ErrorEntry[],
  ): Promise<void> {
    const state = states.get(spec.name);
    if (!state?.complete || (spec.parent && failed.has(spec.parent.resource))) return;
    if (state.storedIds.size === 0) {
      errors.push({
        resource: spec.name,
        reason: 'the source returned no valid records: nothing was deleted',
      });
      return;
    }
    try {
      const { deleted, kept } = await session.deleteAllExcept(spec, state.storedIds);
      report.deleted = deleted;
      for (const id of kept) {
        errors.push({
          resource: spec.name,
          id,
          reason: 'gone from the source but still referenced by child rows: kept',
        });
      }
    } catch (error) {
      errors.push({
        resource: spec.name,
        reason: `rows gone from the source were not deleted: ${describeError(error)}`,
      });
    }
  }

  private publishMetrics(
    reports: Record<string, ResourceReport>,
    errorCount: number,
    durationMs: number,
  ): void {
    const { metrics } = this.deps;
    for (const [resource, r] of Object.entries(reports)) {
      metrics.publish(
        { Resource: resource },
        {
          RecordsFetched: r.fetched,
          RecordsUpserted: r.upserted,
          RecordsUnchanged: r.unchanged,
          RecordsRejected: r.rejected,
          RecordsDeleted: r.deleted,
        },
        'Count',
      );
    }
    metrics.publish({ Service: 'ingestion' }, { RunErrors: errorCount }, 'Count');
    metrics.publish({ Service: 'ingestion' }, { RunDuration: durationMs }, 'Milliseconds');
  }
}
