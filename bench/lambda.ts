/**
 * `npm run bench:lambda`: the bundle's size and its cold init — `require` of index.js plus the first
 * invocation's container build — measured in fresh Node processes, medians of BENCH_RUNS (default 15).
 * The first invocation uses an unknown action, so it builds the container and answers without I/O;
 * a second, real ingest against refused endpoints then shows what the lazily loaded drivers cost.
 * Targets: ≤ 400 KB of JavaScript, ≤ 50 ms init.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleLambda } from '../lambda/bundle';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const PROBE = `
const started = performance.now();
const lambda = require(process.argv[1]);
const loaded = performance.now();
lambda.handler({ action: 'bench-cold-start' }, { awsRequestId: 'bench' }).then(async (result) => {
  const done = performance.now();
  if (result.statusCode !== 500) throw new Error('unexpected status ' + result.statusCode);
  // Then a real ingest against refused endpoints: pays the lazily loaded mysql2, ky and fetch.
  const second = await lambda.handler({ action: 'ingest', resources: ['users'] }, { awsRequestId: 'bench' });
  const firstUse = performance.now() - done;
  await lambda.shutdown();
  process.stderr.write(JSON.stringify({ requireMs: loaded - started, buildMs: done - loaded, initMs: done - started, firstUseMs: firstUse, status: second.statusCode }));
});`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en-US')} bytes)`;

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lambda-'));
  try {
    const started = performance.now();
    const { entry } = bundleLambda(dir);
    const bundleMs = performance.now() - started;
    const code = readFileSync(entry);
    console.log(`bundle (esbuild buildSync): ${bundleMs.toFixed(0)} ms`);
    console.log(`index.js:          ${kib(code.length)}; gzip ${kib(gzipSync(code).length)}`);
    console.log(`index.js.map:      ${kib(statSync(`${entry}.map`).size)}`);
    console.log(
      `rds-ca-bundle.pem: ${kib(statSync(join(dir, 'rds-ca-bundle.pem')).size)} (read when the first TLS pool is created)`,
    );

    const env = {
      PATH: process.env.PATH,
      DB_HOST: '127.0.0.1',
      DB_PORT: '1',
      DB_NAME: 'bench',
      DB_USER: 'bench',
      API_BASE_URL: 'http://127.0.0.1:1/',
      HTTP_RETRIES: '0',
      LOG_LEVEL: 'error',
    };
    const samples = Array.from({ length: RUNS }, () => {
      // The probe reports on stderr: stdout carries the function's own JSON logs.
      const probe = spawnSync(process.execPath, ['-e', PROBE, entry], { env, encoding: 'utf8' });
      if (probe.status !== 0) throw new Error(`cold-start probe failed: ${probe.stderr}`);
      const output = probe.stderr;
      return JSON.parse(output) as { requireMs: number; buildMs: number; initMs: number; firstUseMs: number };
    });
    const report = (key: 'requireMs' | 'buildMs' | 'initMs' | 'firstUseMs') => {
      const values = samples.map((s) => s[key]);
      return `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
    };
    console.log(`\ncold init over ${RUNS} fresh processes:`);
    console.log(`  require index.js:              ${report('requireMs')}`);
    console.log(`  container build + first call:  ${report('buildMs')}`);
    console.log(`  init total:                    ${report('initMs')}`);
    console.log(
      `then the first ingest (refused DB and API, so no network time; loads mysql2, ky and fetch):`,
    );
    console.log(`  first ingest invocation:       ${report('firstUseMs')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
