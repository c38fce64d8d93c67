/**
 * `npm run bench:ingest`: the Lambda's write path (validation + batched multi-row upsert) against
 * LOAD DATA LOCAL INFILE and row-by-row INSERT, side by side on one throwaway MariaDB configured like
 * Aurora for zero-ETL. Each measurement runs in its own process (peak RSS is per load); figures are
 * medians. Row-by-row is measured on a sample (it would take hours at 1M rows) and says so.
 *
 * Options (env): BENCH_SIZES (default 10000,100000,1000000), BENCH_RUNS (default 3),
 * BENCH_ROW_SAMPLE (default 3000), BATCH_SIZE (default: the Lambda's, lambda/src/env-vars.ts),
 * BENCH_DURABILITY (durable, the default, or relaxed: see DURABILITY_ARGS), DB_WRITE_CONNECTIONS (default: the
 * Lambda's).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { SCHEMA_FILE } from '../paths';
import { startMysqlServer } from '../local/dataplane/mysql-server';
import { splitSqlStatements } from '../lambda/src/domain/sql-statements';
import { INGEST_DEFAULTS } from '../lambda/src/env-vars';
import { BENCH_ALBUMS } from './ingest-worker';

interface Measurement {
  method: string;
  rows: number;
  ms: number;
  peakRssMb: number;
}

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROW_SAMPLE = Number(process.env.BENCH_ROW_SAMPLE ?? 3000);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? INGEST_DEFAULTS.batchSize);
const WORKER = join(__dirname, 'ingest-worker.ts');
/**
 * `durable` flushes the redo log and the binlog at every commit, as Aurora's storage does (a commit is
 * a quorum write); `relaxed` keeps the test harness's cheap commits, which flatter row-by-row INSERT.
 */
const DURABILITY_ARGS = {
  durable: ['--innodb-flush-log-at-trx-commit=1', '--sync-binlog=1'],
  relaxed: [],
} as const;
const DURABILITY = (process.env.BENCH_DURABILITY ?? 'durable') as keyof typeof DURABILITY_ARGS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function prepare(url: string): Promise<string> {
  const admin = await createConnection({ uri: url });
  await admin.query('CREATE DATABASE bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await admin.query('USE bench');
  for (const statement of splitSqlStatements(readFileSync(SCHEMA_FILE, 'utf8'))) {
    await admin.query(statement);
  }
  await admin.query(
    "INSERT INTO users (id, name, username, email, phone, website, address_street, address_suite, address_city, address_zipcode, geo_lat, geo_lng, company_name, company_catch_phrase, company_bs) VALUES (1, 'n', 'u', 'e', 'p', 'w', 's', 's', 'c', 'z', 0, 0, 'c', 'c', 'b')",
  );
  const albums = Array.from({ length: BENCH_ALBUMS }, (_, i) => [i + 1, 1, `album ${i + 1}`]);
  await admin.query('INSERT INTO albums (id, user_id, title) VALUES ?', [albums]);
  await admin.end();
  return `${url.replace(/\/$/, '')}/bench`;
}

async function truncatePhotos(url: string): Promise<void> {
  const connection = await createConnection({ uri: url });
  await connection.query('TRUNCATE TABLE photos');
  await connection.end();
}

function measure(method: string, rows: number, url: string): Measurement {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', WORKER, method, String(rows), url, String(BATCH_SIZE)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

async function main(): Promise<void> {
  const server = await startMysqlServer({
    extraArgs: ['--innodb-buffer-pool-size=1G', ...DURABILITY_ARGS[DURABILITY]],
  });
  // Ctrl-C must not leave a server behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.stop().finally(() => process.exit(130)));
  }
  try {
    const url = await prepare(server.url);
    if (!(DURABILITY in DURABILITY_ARGS)) throw new Error('BENCH_DURABILITY must be durable or relaxed');
    console.log(
      `MariaDB with binlog ROW/FULL, ${DURABILITY} commits; batch size ${BATCH_SIZE}; ${process.env.DB_WRITE_CONNECTIONS ?? INGEST_DEFAULTS.dbWriteConnections} write connections; medians of ${RUNS} runs; photos table (5 columns, FK to albums)\n`,
    );
    console.log('rows       method              rows/s     vs LOAD DATA   vs row-by-row   peak RSS');
    for (const size of SIZES) {
      const results = new Map<string, Measurement[]>();
      const record = (m: Measurement) => results.set(m.method, [...(results.get(m.method) ?? []), m]);
      for (let run = 0; run < RUNS; run++) {
        // Alternate the order so neither method always runs on a warmer server.
        for (const method of run % 2 === 0 ? ['upsert', 'load-data'] : ['load-data', 'upsert']) {
          await truncatePhotos(url);
          record(measure(method, size, url));
        }
        await truncatePhotos(url);
        record(measure('row-by-row', Math.min(size, ROW_SAMPLE), url));
      }
      // Re-running the upsert on identical rows (the scheduled Lambda's usual case): nothing changes.
      await truncatePhotos(url);
      measure('upsert', size, url);
      for (let run = 0; run < RUNS; run++) {
        const m = measure('upsert', size, url);
        record({ ...m, method: 'upsert (unchanged)' });
      }
      const rate = (method: string) => median(results.get(method)!.map((m) => (m.rows / m.ms) * 1000));
      const rss = (method: string) => median(results.get(method)!.map((m) => m.peakRssMb));
      const loadData = rate('load-data');
      const rowByRow = rate('row-by-row');
      for (const method of ['upsert', 'upsert (unchanged)', 'load-data', 'row-by-row']) {
        const sampled = method === 'row-by-row' && size > ROW_SAMPLE ? ` (sample of ${ROW_SAMPLE})` : '';
        console.log(
          `${String(size).padEnd(10)} ${method.padEnd(19)} ${rate(method).toFixed(0).padStart(7)}   ` +
            `${((rate(method) / loadData) * 100).toFixed(0).padStart(8)} %   ${(rate(method) / rowByRow).toFixed(1).padStart(10)} ×   ` +
            `${rss(method).toFixed(0).padStart(5)} MB${sampled}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
