/**
 * `npm run bench:synth`: whole-app synth (bootstrap, dev, prod) in a fresh Node process, side by
 * side in one run:
 *   - ours:  cdktf.json's `app` as `cdktf synth` runs it (main.ts through tsx, subpath imports);
 *   - stock: the same app importing `@cdktf/provider-aws` from its root, run with ts-node.
 * Prints each run, the medians of wall and CPU time, the ratio and the peak RSS. Runs alternate so
 * load hits both alike. BENCH_RUNS (default 5) and BENCH_STOCK_RUNS (default 3) set the runs.
 * Budget (ours): ≤ 1.5 s median.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../paths';
import { createStockCopy } from './synth-stock-copy';

const PROBE = join(__dirname, 'synth-probe.cjs');
const BUDGET_SECONDS = 1.5;

/** cdktf.json's `app` (`node <args>`): what `cdktf synth` runs. */
const APP_ARGS: string[] = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8'))
  .app.split(' ')
  .slice(1);

interface Variant {
  readonly name: string;
  readonly cwd: string;
  readonly args: string[];
}

interface Run {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rssMiB: number;
  readonly stacks: Record<string, number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Resource count per synthesized stack: proves both variants produced the same stacks. */
function resourceCounts(outdir: string): Record<string, number> {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return {};
  return Object.fromEntries(
    readdirSync(stacksDir)
      .sort()
      .map((stack) => {
        const json = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
        const count = Object.values((json.resource ?? {}) as Record<string, object>).reduce(
          (sum, byName) => sum + Object.keys(byName).length,
          0,
        );
        return [stack, count];
      }),
  );
}

function runOnce(variant: Variant): Run {
  const outdir = mkdtempSync(join(tmpdir(), `bench-synth-${variant.name}-`));
  const rssFile = join(outdir, '.rss');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', PROBE, ...variant.args], {
      cwd: variant.cwd,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', BENCH_RSS_FILE: rssFile },
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(
        `${variant.name} synth failed (exit ${result.status}):\n${result.stderr}${result.stdout}`,
      );
    }
    const [rssKiB, cpuMs] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { seconds, cpuSeconds: cpuMs / 1000, rssMiB: rssKiB / 1024, stacks: resourceCounts(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const stockRuns = Number(process.env.BENCH_STOCK_RUNS ?? 3);
  const stockDir = join(ROOT, '.gen', 'bench-synth-stock');
  const stockMain = createStockCopy(ROOT, stockDir);
  const ours: Variant = { name: 'ours', cwd: ROOT, args: APP_ARGS };
  const stock: Variant = { name: 'stock', cwd: stockDir, args: ['--require', 'ts-node/register', stockMain] };

  console.log('Warm-up (not measured): one synth of each variant.');
  const warmOurs = runOnce(ours);
  const warmStock = runOnce(stock);
  if (JSON.stringify(warmOurs.stacks) !== JSON.stringify(warmStock.stacks)) {
    throw new Error(`The variants synthesized different stacks: ${JSON.stringify({ warmOurs, warmStock })}`);
  }
  console.log(`Stacks and resource counts (both variants): ${JSON.stringify(warmOurs.stacks)}\n`);

  const results: Record<string, Run[]> = { ours: [], stock: [] };
  for (let index = 0; index < Math.max(runs, stockRuns); index += 1) {
    for (const [variant, wanted] of [
      [ours, runs],
      [stock, stockRuns],
    ] as const) {
      if (index >= wanted) continue;
      const run = runOnce(variant);
      results[variant.name].push(run);
      console.log(
        `${variant.name.padEnd(5)} run ${index + 1}: ${run.seconds.toFixed(2)} s (CPU ${run.cpuSeconds.toFixed(2)} s), peak RSS ${run.rssMiB.toFixed(0)} MiB`,
      );
    }
  }

  const summary = Object.fromEntries(
    Object.entries(results).map(([name, list]) => [
      name,
      {
        seconds: median(list.map((r) => r.seconds)),
        cpuSeconds: median(list.map((r) => r.cpuSeconds)),
        rssMiB: median(list.map((r) => r.rssMiB)),
      },
    ]),
  );
  const line = (name: string, label: string, count: number) =>
    `  ${label.padEnd(34)} ${summary[name].seconds.toFixed(2)} s, CPU ${summary[name].cpuSeconds.toFixed(2)} s, peak RSS ${summary[name].rssMiB.toFixed(0)} MiB (${count} runs)`;
  console.log('\nWhole-app synth (bootstrap, dev, prod), fresh Node process, medians:');
  console.log(line('ours', `ours  (node ${APP_ARGS.join(' ')}):`, runs));
  console.log(line('stock', 'stock (ts-node, root import):', stockRuns));
  console.log(
    `  ratio: ours is ${(summary.stock.seconds / summary.ours.seconds).toFixed(1)}x faster (CPU ${(summary.stock.cpuSeconds / summary.ours.cpuSeconds).toFixed(1)}x); peak RSS ${(summary.stock.rssMiB / summary.ours.rssMiB).toFixed(1)}x lower`,
  );
  console.log(
    `  budget: ≤ ${BUDGET_SECONDS} s → ${summary.ours.seconds <= BUDGET_SECONDS ? 'met' : 'NOT met'} (load average ${loadavg()[0].toFixed(1)})`,
  );
}

main();
