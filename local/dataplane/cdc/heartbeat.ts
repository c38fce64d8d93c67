/**
 * The lag probe: a row on the source rewritten every few hundred milliseconds with the time it was
 * written. When the replicator applies it, `now − written_at_ms` is the replication lag, and its
 * sequence number tells callers that everything committed before it has arrived (a barrier).
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'mysql2/promise';
import { ReplicationError } from '../errors';
import type { LagTracker } from './lag-tracker';
import type { Row } from '../warehouse/warehouse';

/** Where heartbeats live: a schema of their own, so they never show up among the replicated tables. */
export const HEARTBEAT_SCHEMA = 'zero_etl_local';
export const HEARTBEAT_TABLE = 'heartbeat';
const QUALIFIED = `\`${HEARTBEAT_SCHEMA}\`.\`${HEARTBEAT_TABLE}\``;

export class Heartbeat {
  /** This pipeline's row (several pipelines may share one server). */
  readonly id = randomBytes(8).toString('hex');
  private seq = 0;
  private appliedSeq = 0;
  private write?: Promise<unknown>;
  private timer?: NodeJS.Timeout;
  private barriers: { seq: number; resolve: () => void }[] = [];
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  /** Creates the heartbeat table on the source if needed. */
  static async prepare(pool: Pool): Promise<void> {
    await pool.query(`CREATE DATABASE IF NOT EXISTS \`${HEARTBEAT_SCHEMA}\``);
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${QUALIFIED}
         (source_id VARCHAR(64) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, written_at_ms BIGINT NOT NULL)
         ENGINE = InnoDB`,
    );
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  /** Writes the next heartbeat (writes never overlap); returns its sequence number. */
  async beat(): Promise<number> {
    const seq = ++this.seq;
    const write = (this.write ?? Promise.resolve())
      .catch(() => undefined)
      .then(() =>
        this.pool.query(
          `INSERT INTO ${QUALIFIED} (source_id, seq, written_at_ms) VALUES (?, ?, ?)
           ON DUPLICATE KEY UPDATE seq = VALUES(seq), written_at_ms = VALUES(written_at_ms)`,
          [this.id, seq, Date.now()],
        ),
      );
    this.write = write;
    await write.catch((error) => {
      if (!this.stopped) this.onError(error as Error);
    });
    return seq;
  }

  /** Records lag for this pipeline's heartbeat rows that just became visible, and releases barriers. */
  observe(rows: readonly Row[], appliedAt: number, lag: LagTracker): void {
    for (const row of rows) {
      if (row.source_id !== this.id) continue;
      lag.record(appliedAt - Number(row.written_at_ms));
      this.appliedSeq = Math.max(this.appliedSeq, Number(row.seq));
    }
    const ready = this.barriers.filter((barrier) => barrier.seq <= this.appliedSeq);
    this.barriers = this.barriers.filter((barrier) => barrier.seq > this.appliedSeq);
    for (const barrier of ready) barrier.resolve();
  }

  /** Writes a heartbeat and resolves once it has been applied. */
  async barrier(timeoutMs: number): Promise<void> {
    const seq = await this.beat();
    if (this.appliedSeq >= seq) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.barriers.push({ seq, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ReplicationError(`Replication did not catch up within ${timeoutMs} ms.`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Stops writing and removes this pipeline's row. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.write?.catch(() => undefined);
    await this.pool.query(`DELETE FROM ${QUALIFIED} WHERE source_id = ?`, [this.id]).catch(() => undefined);
  }
}
