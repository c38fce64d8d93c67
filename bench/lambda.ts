/**
 * `npm run bench:lambda`: the bundle's size and its cold init, with and without each of the bundle's
 * trims (BUNDLE_TRIMS in lambda/bundle.ts), side by side in one run. Cold init is `require` of
 * index.js plus the first invocation's container build, in a fresh Node process; the variants take
 * turns, BENCH_RUNS rounds (default 15), and the medians are reported with their ratio to the
 * shipped bundle. The first invocation uses an unknown action, so it builds the container and answers
 * without I/O; a second, real ingest (IAM authentication, refused endpoints) then shows what the
 * lazily loaded drivers and the token signer cost.
 * Budget (the shipped bundle): ≤ 1 MB of JavaScript (index.js and aws-sdk.js), ≤ 50 ms cold init.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_TRIMS, type BundleTrim, bundleLambda } from '../lambda/bundle';
import { createZip } from '../lambda/zip';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BUDGET = { bytes: 1_000_000, initMs: 50 };

const PROBE = `
const cpu = process.cpuUsage();
const started = performance.now();
const lambda = require(process.argv[1]);
const loaded = performance.now();
lambda.handler({ action: 'bench-cold-start' }, { awsRequestId: 'bench' }).then(async (result) => {
  const done = performance.now();
  const initCpu = process.cpuUsage(cpu);
  if (result.statusCode !== 500) throw new Error('unexpected status ' + result.statusCode);
  // Then a real ingest against refused endpoints: pays the lazily loaded mysql2, ky, fetch and signer.
  const second = await lambda.handler({ action: 'ingest', resources: ['users'] }, { awsRequestId: 'bench' });
  const firstUse = performance.now() - done;
  await lambda.shutdown();
  process.stderr.write(JSON.stringify({
    requireMs: loaded - started,
    initMs: done - started,
    initCpuMs: (initCpu.user + initCpu.system) / 1000,
    firstUseMs: firstUse,
  }));
});`;

/** The environment of the ingestion function in AWS, with endpoints that refuse at once. */
const PROBE_ENV = {
  PATH: process.env.PATH,
  DB_HOST: '127.0.0.1',
  DB_PORT: '1',
  DB_NAME: 'bench',
  DB_IAM_USER: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'bench',
  API_BASE_URL: 'http://127.0.0.1:1/',
  HTTP_RETRIES: '0',
  LOG_LEVEL: 'error',
};

type Sample = { requireMs: number; initMs: number; initCpuMs: number; firstUseMs: number };

interface Variant {
  readonly name: string;
  readonly trims: readonly BundleTrim[];
  entry?: string;
  /** All the JavaScript (index.js, and aws-sdk.js, which index.js requires on first use). */
  jsBytes?: number;
  /** What cold start loads. */
  indexBytes?: number;
  zipBytes?: number;
  readonly samples: Sample[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function main(): void {
  const variants: Variant[] = [
    { name: 'shipped (every trim)', trims: BUNDLE_TRIMS, samples: [] },
    ...BUNDLE_TRIMS.map((trim) => ({
      name: `without ${trim}`,
      trims: BUNDLE_TRIMS.filter((other) => other !== trim),
      samples: [],
    })),
    { name: 'no trims', trims: [], samples: [] },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'bench-lambda-'));
  try {
    for (const [index, variant] of variants.entries()) {
      const outDir = join(dir, String(index));
      const { entry } = bundleLambda(outDir, { trims: variant.trims });
      variant.entry = entry;
      const files = readdirSync(outDir);
      variant.indexBytes = readFileSync(entry).length;
      variant.jsBytes = files
        .filter((name) => name.endsWith('.js'))
        .reduce((sum, name) => sum + readFileSync(join(outDir, name)).length, 0);
      variant.zipBytes = createZip(
        files.map((name) => ({ name, data: readFileSync(join(outDir, name)) })),
      ).length;
    }
    for (let round = 0; round < RUNS; round += 1) {
      for (const variant of variants) {
        // The probe reports on stderr: stdout carries the function's own JSON logs.
        const probe = spawnSync(process.execPath, ['-e', PROBE, variant.entry!], {
          env: PROBE_ENV,
          encoding: 'utf8',
        });
        if (probe.status !== 0)
          throw new Error(`cold-start probe of ${variant.name} failed: ${probe.stderr}`);
        variant.samples.push(JSON.parse(probe.stderr) as Sample);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const shipped = variants[0];
  const of = (variant: Variant, key: keyof Sample) => median(variant.samples.map((sample) => sample[key]));
  console.log(`Cold init over ${RUNS} rounds of fresh processes (variants take turns), medians:\n`);
  console.log(
    `${'variant'.padEnd(24)} ${'all JS'.padStart(11)} ${'index.js'.padStart(9)} ${'zip'.padStart(9)}  ${'init'.padStart(8)} ${'(ratio)'.padStart(7)} ${'init CPU'.padStart(9)} ${'require'.padStart(8)}  ${'1st ingest'.padStart(10)}`,
  );
  for (const variant of variants) {
    const ratio = of(variant, 'initMs') / of(shipped, 'initMs');
    console.log(
      [
        variant.name.padEnd(24),
        variant.jsBytes!.toLocaleString('en-US').padStart(11),
        variant.indexBytes!.toLocaleString('en-US').padStart(9),
        variant.zipBytes!.toLocaleString('en-US').padStart(9),
        ` ${of(variant, 'initMs').toFixed(1).padStart(5)} ms`,
        `${ratio.toFixed(2)}×`.padStart(7),
        `${of(variant, 'initCpuMs').toFixed(1).padStart(6)} ms`,
        `${of(variant, 'requireMs').toFixed(1).padStart(5)} ms`,
        ` ${of(variant, 'firstUseMs').toFixed(1).padStart(7)} ms`,
      ].join(' '),
    );
  }
  const bytesMet = shipped.jsBytes! <= BUDGET.bytes;
  const initMet = of(shipped, 'initMs') <= BUDGET.initMs;
  console.log(
    `\nbudget (shipped): JavaScript ≤ ${BUDGET.bytes.toLocaleString('en-US')} bytes → ${bytesMet ? 'met' : 'NOT met'}; ` +
      `cold init ≤ ${BUDGET.initMs} ms → ${initMet ? 'met' : 'NOT met'}`,
  );
}

main();
