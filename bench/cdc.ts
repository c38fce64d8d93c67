/**
 * `npm run bench:cdc`: the local integration's snapshot throughput and its replication lag under a
 * steady write load, medians over several runs.
 *
 *   npm run bench:cdc -- [--runs 3] [--duration 30] [--rate 1000] [--snapshot-rows 100000]
 *
 * Lag of a row = when it became visible in the warehouse − when its INSERT was sent (both on this
 * machine's clock), so it includes the source commit, binlog shipping, decoding and the PGlite write.
 */
import { parseArgs } from 'node:util';
import { createPool, type Pool } from 'mysql2/promise';
import { startMysqlServer, type RunningMysqlServer } from '../local/dataplane/mysql-server';
import { summariseLag, type LagSummary } from '../local/dataplane/cdc/lag-tracker';
import { Replicator } from '../local/dataplane/cdc/replicator';
import { formatMs } from '../local/pipeline/report';
import { Warehouse } from '../local/dataplane/warehouse/warehouse';

interface BenchOptions {
  readonly runs: number;
  readonly durationS: number;
  readonly rate: number;
  readonly snapshotRows: number;
}

interface RunResult {
  readonly snapshotRowsPerS: number;
  readonly snapshotMs: number;
  readonly written: number;
  readonly applied: number;
  readonly rowLag: LagSummary;
  readonly heartbeatLag: LagSummary;
  readonly writeRate: number;
}

const TABLE_DDL = `CREATE TABLE bench_rows (
  id BIGINT NOT NULL PRIMARY KEY,
  account VARCHAR(64) NOT NULL,
  amount DECIMAL(12, 2) NOT NULL,
  note TEXT,
  created_at DATETIME(3) NOT NULL,
  written_at_ms BIGINT NOT NULL
) ENGINE = InnoDB`;

const row = (id: number, writtenAt: number) => [
  id,
  `account-${id % 997}`,
  ((id * 37) % 100_000) / 100,
  `row ${id} of the change-data-capture benchmark`,
  new Date(writtenAt).toISOString().slice(0, 23).replace('T', ' '),
  writtenAt,
];

function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
      duration: { type: 'string', default: process.env.BENCH_DURATION_S ?? '30' },
      rate: { type: 'string', default: process.env.BENCH_RATE ?? '1000' },
      'snapshot-rows': { type: 'string', default: process.env.BENCH_SNAPSHOT_ROWS ?? '100000' },
    },
  });
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number (got "${text}")`);
    return value;
  };
  return {
    runs: positive('runs', values.runs),
    durationS: positive('duration', values.duration),
    rate: positive('rate', values.rate),
    snapshotRows: positive('snapshot-rows', values['snapshot-rows']),
  };
}

async function loadSnapshotRows(pool: Pool, count: number): Promise<void> {
  const writtenAt = Date.now();
  for (let start = 1; start <= count; start += 5000) {
    const rows = [];
    for (let id = start; id < Math.min(start + 5000, count + 1); id++) rows.push(row(id, writtenAt));
    await pool.query('INSERT INTO bench_rows VALUES ?', [rows]);
  }
}

/** Inserts `rate` rows per second in 10 ms ticks (catching up on the schedule if a tick runs late). */
async function steadyLoad(pool: Pool, options: BenchOptions, firstId: number): Promise<number> {
  const started = Date.now();
  const end = started + options.durationS * 1000;
  let written = 0;
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate) - written;
    if (due > 0) {
      const now = Date.now();
      const rows = Array.from({ length: due }, (_, index) => row(firstId + written + index, now));
      await pool.query('INSERT INTO bench_rows VALUES ?', [rows]);
      written += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return written;
}

async function runOnce(
  serverUrl: string,
  warehouse: Warehouse,
  options: BenchOptions,
  run: number,
): Promise<RunResult> {
  const database = `bench_cdc_${process.pid}_${run}`;
  const admin = createPool({ uri: serverUrl, connectionLimit: 1 });
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(`CREATE DATABASE \`${database}\``);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const pool = createPool({ uri: url.toString(), connectionLimit: 2 });
  await pool.query(TABLE_DDL);
  await loadSnapshotRows(pool, options.snapshotRows);

  const lags: number[] = [];
  let applied = 0;
  const replicator = await Replicator.start({
    sourceUrl: serverUrl,
    database,
    warehouse,
    onApplied: (_table, operation, rows) => {
      if (operation !== 'upsert') return;
      const now = Date.now();
      for (const image of rows) lags.push(now - Number(image.written_at_ms));
      applied += rows.length;
    },
  });
  try {
    const { snapshot } = replicator.progress();
    const loadStarted = Date.now();
    const written = await steadyLoad(pool, options, options.snapshotRows + 1);
    const writeRate = written / ((Date.now() - loadStarted) / 1000);
    await replicator.caughtUp(60_000);
    return {
      snapshotMs: snapshot.durationMs,
      snapshotRowsPerS: options.snapshotRows / (snapshot.durationMs / 1000),
      written,
      applied,
      rowLag: summariseLag(lags),
      heartbeatLag: replicator.lag.overall(),
      writeRate,
    };
  } finally {
    await replicator.stop();
    // Runs stay independent: neither side keeps the previous run's rows.
    await warehouse.query(`DROP SCHEMA IF EXISTS "${database}" CASCADE`);
    await pool.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await pool.end();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  let server: RunningMysqlServer | undefined;
  const serverUrl = process.env.MYSQL_URL ?? (server = await startMysqlServer()).url;
  const warehouse = await Warehouse.open();
  const results: RunResult[] = [];
  try {
    console.log(
      `CDC benchmark: ${options.runs} run(s); snapshot of ${options.snapshotRows} rows, then ` +
        `${options.rate} inserted rows/s for ${options.durationS} s`,
    );
    for (let run = 1; run <= options.runs; run++) {
      const result = await runOnce(serverUrl, warehouse, options, run);
      results.push(result);
      console.log(
        `run ${run}: snapshot ${Math.round(result.snapshotRowsPerS)} rows/s (${formatMs(result.snapshotMs)}); ` +
          `wrote ${result.written} rows at ${Math.round(result.writeRate)}/s, applied ${result.applied}; ` +
          `row lag p50 ${formatMs(result.rowLag.p50)} p95 ${formatMs(result.rowLag.p95)} max ${formatMs(result.rowLag.max)}; ` +
          `heartbeat lag p50 ${formatMs(result.heartbeatLag.p50)} p95 ${formatMs(result.heartbeatLag.p95)}`,
      );
    }
  } finally {
    await warehouse.close();
    await server?.stop();
  }
  const p95 = median(results.map((result) => result.rowLag.p95 ?? Infinity));
  const applyRatio = median(results.map((result) => result.applied / result.written));
  console.log('\nMedians over runs:');
  console.log(
    `  snapshot throughput      ${Math.round(median(results.map((r) => r.snapshotRowsPerS)))} rows/s`,
  );
  console.log(`  row lag p50              ${formatMs(median(results.map((r) => r.rowLag.p50 ?? Infinity)))}`);
  console.log(
    `  row lag p95              ${formatMs(p95)} (target ≤ 1 s: ${p95 <= 1000 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `  heartbeat lag p95        ${formatMs(median(results.map((r) => r.heartbeatLag.p95 ?? Infinity)))}`,
  );
  console.log(`  applied / written rows   ${applyRatio.toFixed(3)}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? error);
  process.exit(1);
});
