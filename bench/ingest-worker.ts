/**
 * One measured load for bench/ingest.ts, in its own process so its peak RSS is its own.
 * Usage: ingest-worker.ts <upsert|load-data|row-by-row> <rows> <database url> [batch size]
 * Prints one JSON line: { method, rows, ms, clientCpuMs, peakRssMb }.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { MysqlDatabase } from '../lambda/src/adapters/mysql-database';
import { MysqlRecordRepository } from '../lambda/src/adapters/mysql-record-repository';
import { StaticSecretSource } from '../lambda/src/adapters/static-secret-source';
import { parseConfig } from '../lambda/src/config';
import { processRecords } from '../lambda/src/domain/record-processor';
import { RESOURCE_SPECS } from '../lambda/src/domain/resources';
import { writeBatches } from '../lambda/src/service/write-batches';
import { createLogger } from '../lambda/src/logger';

export const BENCH_ALBUMS = 1000;
const COLOURS = ['92c952', '771796', '24f355', 'd32776', 'f66b97', '56a8c2', 'b0f7cc', '54176f'];
const WORDS = [
  'accusamus',
  'beatae',
  'ad',
  'facilis',
  'cum',
  'similique',
  'qui',
  'sunt',
  'reprehenderit',
  'dolores',
];

/** A JSONPlaceholder-shaped photo, generated on demand (nothing is held in memory). */
function syntheticPhoto(id: number) {
  const colour = COLOURS[id % COLOURS.length];
  const title = Array.from({ length: 4 + (id % 5) }, (_, i) => WORDS[(id * 7 + i * 3) % WORDS.length]).join(
    ' ',
  );
  return {
    albumId: 1 + (id % BENCH_ALBUMS),
    id,
    title,
    url: `https://via.placeholder.test/600/${colour}`,
    thumbnailUrl: `https://via.placeholder.test/150/${colour}`,
  };
}

const ALBUM_IDS = new Set(Array.from({ length: BENCH_ALBUMS }, (_, i) => i + 1));

/** Our production write path: validate + map (processRecords), then the service's batch writer. */
async function upsert(url: URL, rows: number, batchSize: number): Promise<void> {
  const config = parseConfig({
    DB_HOST: url.hostname,
    DB_PORT: url.port,
    DB_NAME: url.pathname.slice(1),
    DB_USER: url.username,
    BATCH_SIZE: String(batchSize),
    ...(process.env.DB_WRITE_CONNECTIONS ? { DB_WRITE_CONNECTIONS: process.env.DB_WRITE_CONNECTIONS } : {}),
  });
  const logger = createLogger({ level: 'error', sink: { write: () => undefined } });
  const database = new MysqlDatabase(
    config.db,
    new StaticSecretSource({ user: url.username, password: '' }),
    logger,
  );
  const session = await new MysqlRecordRepository(database, config.db, logger).openSession();
  // Records are produced in chunks of a few batches so memory stays flat as the row count grows;
  // each chunk goes through the service's batch writer (writeConcurrency batches in flight).
  const chunk = batchSize * 8;
  for (let start = 1; start <= rows; start += chunk) {
    const records = Array.from({ length: Math.min(chunk, rows - start + 1) }, (_, i) =>
      syntheticPhoto(start + i),
    );
    const processed = processRecords(RESOURCE_SPECS.photos, records, ALBUM_IDS);
    const outcome = await writeBatches(session, RESOURCE_SPECS.photos, processed.rows, batchSize);
    if (outcome.failed) throw outcome.failed.error;
  }
  await session.release();
  await database.dispose();
}

/** The server's bulk loader, from a TSV file written beforehand (not timed). */
async function loadData(url: URL, rows: number): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const file = join(dir, 'photos.tsv');
  const out = createWriteStream(file);
  for (let id = 1; id <= rows; id++) {
    const p = syntheticPhoto(id);
    if (!out.write(`${p.id}\t${p.albumId}\t${p.title}\t${p.url}\t${p.thumbnailUrl}\n`))
      await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return async () => {
    const connection = await createConnection({ uri: url.toString() });
    await connection.query({
      sql: "LOAD DATA LOCAL INFILE 'photos.tsv' INTO TABLE photos CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' (id, album_id, title, url, thumbnail_url)",
      infileStreamFactory: () => createReadStream(file),
    });
    await connection.end();
    rmSync(dir, { recursive: true, force: true });
  };
}

/** The naive way: one autocommitted INSERT … ON DUPLICATE KEY UPDATE per row. */
async function rowByRow(url: URL, rows: number): Promise<void> {
  const connection = await createConnection({ uri: url.toString() });
  const sql =
    'INSERT INTO photos (id, album_id, title, url, thumbnail_url) VALUES (?, ?, ?, ?, ?) ' +
    'ON DUPLICATE KEY UPDATE album_id = VALUES(album_id), title = VALUES(title), url = VALUES(url), thumbnail_url = VALUES(thumbnail_url)';
  for (let id = 1; id <= rows; id++) {
    const p = syntheticPhoto(id);
    await connection.query(sql, [p.id, p.albumId, p.title, p.url, p.thumbnailUrl]);
  }
  await connection.end();
}

async function main(): Promise<void> {
  const [method, rowsText, urlText, batchText] = process.argv.slice(2);
  const rows = Number(rowsText);
  const url = new URL(urlText);
  let run: () => Promise<void>;
  if (method === 'upsert') run = () => upsert(url, rows, Number(batchText ?? 1000));
  else if (method === 'load-data') run = await loadData(url, rows);
  else if (method === 'row-by-row') run = () => rowByRow(url, rows);
  else throw new Error(`unknown method "${method}": use upsert, load-data or row-by-row`);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpuMs = (cpu.user + cpu.system) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ method, rows, ms, clientCpuMs, peakRssMb })}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
