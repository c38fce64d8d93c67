/**
 * `npm run bench:plan`: an offline plan of every stack (bootstrap, dev, prod), side by side in one run:
 *   - ours:  the shared harness (`planOffline` of every stack at once; init, plan, show -json each,
 *            each command with one AWS provider process of its own: shared/reattached-provider.ts);
 *   - usual: the same harness with terraform starting the provider itself (three times per plan);
 *   - naive: what the harness did before: per stack, one after another, init, validate, plan -out,
 *            show -json and show, with Go's default GC;
 *   - cli:   `npm run plan:offline` end to end in a fresh process (synth included).
 * The app is synthesized once for ours and naive; the first round is a warm-up that also checks both
 * give the same plans and the same text. Runs alternate so load hits all alike. BENCH_RUNS (default 3)
 * sets the measured rounds. Prints each run's wall and CPU time (terraform and the providers
 * included), the medians, naive's per-step medians, the ratio and the targets (cli ≤ 15 s, ≥ 3×).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../paths';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import {
  OFFLINE_CONCURRENCY,
  OFFLINE_GO_RUNTIME,
  planOffline,
  prepareOfflineWorkDir,
} from '../shared/offline-terraform';
import { SYNTH_OPTIONS, buildApp } from '../stacks/app';

const execFileAsync = promisify(execFile);

interface Run {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

interface Outcome {
  /** Per stack: the plan's `resource_changes` (address and actions) and its text. */
  readonly stacks: Record<string, { changes: string[]; text: string }>;
  /** Per stack and step, seconds (naive only). */
  readonly steps?: Record<string, Record<string, number>>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** CPU seconds of this process's finished children (terraform waits for its providers: included). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in USER_HZ (100 on Linux)
}

async function timed(work: () => Promise<Outcome>): Promise<Run & Outcome> {
  const cpu = childCpuSeconds();
  const started = process.hrtime.bigint();
  const outcome = await work();
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: childCpuSeconds() - cpu,
    ...outcome,
  };
}

const changesOf = (plan: { resource_changes?: Array<{ address: string; change: { actions: string[] } }> }) =>
  (plan.resource_changes ?? []).map((c) => `${c.address}: ${c.change.actions.join()}`);

async function ours(stackDirs: Record<string, string>, reattachProvider = true): Promise<Outcome> {
  const entries = await Promise.all(
    Object.entries(stackDirs).map(async ([stack, dir]) => {
      const { plan, text } = await planOffline(dir, { reattachProvider });
      return [stack, { changes: changesOf(plan), text }] as const;
    }),
  );
  return { stacks: Object.fromEntries(entries) };
}

/** The old harness, step for step: the same working copy, then five terraform commands. */
async function naive(stackDirs: Record<string, string>): Promise<Outcome> {
  const stacks: Outcome['stacks'] = {};
  const steps: NonNullable<Outcome['steps']> = {};
  for (const [stack, dir] of Object.entries(stackDirs)) {
    const { workDir, env } = prepareOfflineWorkDir(dir);
    // Go's default GC, as before (unless the caller's environment chose otherwise).
    for (const name of Object.keys(OFFLINE_GO_RUNTIME)) if (!process.env[name]) delete env[name];
    try {
      const out: Record<string, string> = {};
      steps[stack] = {};
      for (const [step, args] of [
        ['init', ['init', '-input=false', '-no-color']],
        ['validate', ['validate', '-json', '-no-color']],
        [
          'plan',
          ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=offline.tfplan'],
        ],
        ['show -json', ['show', '-json', 'offline.tfplan']],
        ['show', ['show', '-no-color', 'offline.tfplan']],
      ] as const) {
        const started = process.hrtime.bigint();
        out[step] = (
          await execFileAsync('terraform', args, { cwd: workDir, env, maxBuffer: 1 << 29 })
        ).stdout;
        steps[stack][step] = Number(process.hrtime.bigint() - started) / 1e9;
      }
      if (!JSON.parse(out.validate).valid) throw new Error(`${stack}: terraform validate: ${out.validate}`);
      stacks[stack] = { changes: changesOf(JSON.parse(out['show -json'])), text: out.show };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return { stacks, steps };
}

async function cli(): Promise<Outcome> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/plan-offline/cli.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 29,
  });
  if (result.status !== 0) throw new Error(`plan:offline failed (exit ${result.status}):\n${result.stderr}`);
  return { stacks: {} };
}

/** The same plans and the same text: dropping validate and show lost nothing. */
function assertSame(a: Outcome, b: Outcome): void {
  for (const stack of Object.keys(b.stacks)) {
    const [x, y] = [a.stacks[stack], b.stacks[stack]];
    if (JSON.stringify(x.changes) !== JSON.stringify(y.changes)) throw new Error(`${stack}: plans differ`);
    if (x.text.trim() !== y.text.trim()) throw new Error(`${stack}: plan text differs from terraform show`);
  }
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const outdir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
  try {
    const app = buildApp(new App({ outdir, ...SYNTH_OPTIONS }), { env: {} });
    app.synth();
    const stackDirs = Object.fromEntries(
      app.node.children.map((child) => [child.node.id, join(outdir, 'stacks', child.node.id)]),
    );
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    console.log(`Stacks: ${Object.keys(stackDirs).join(', ')}; ours plans ${OFFLINE_CONCURRENCY} at a time.`);
    console.log(`Load average at start: ${load()}`);

    console.log('Warm-up (not measured): one run of each variant.');
    const warm = {
      ours: await timed(() => ours(stackDirs)),
      usual: await timed(() => ours(stackDirs, false)),
      naive: await timed(() => naive(stackDirs)),
    };
    await timed(cli);
    assertSame(warm.ours, warm.naive);
    assertSame(warm.usual, warm.naive);
    console.log('ours, usual and naive give the same resource changes and the same plan text.\n');

    const variants = {
      ours: () => ours(stackDirs),
      usual: () => ours(stackDirs, false),
      naive: () => naive(stackDirs),
      cli,
    } as const;
    const results: Record<keyof typeof variants, Array<Run & Outcome>> = {
      ours: [],
      usual: [],
      naive: [],
      cli: [],
    };
    for (let index = 0; index < runs; index += 1) {
      for (const name of Object.keys(variants) as Array<keyof typeof variants>) {
        const run = await timed(variants[name]);
        results[name].push(run);
        console.log(
          `${name.padEnd(5)} run ${index + 1}: ${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU`,
        );
      }
    }

    const wall = (name: keyof typeof variants) => median(results[name].map((r) => r.seconds));
    const cpu = (name: keyof typeof variants) => median(results[name].map((r) => r.cpuSeconds));
    console.log(`\nMedians of ${runs} runs (load average at end: ${load()}):`);
    console.log(
      `  ours  (harness, stacks in parallel): ${wall('ours').toFixed(2)} s wall, ${cpu('ours').toFixed(1)} s CPU`,
    );
    console.log(
      `  usual (harness, terraform's starts): ${wall('usual').toFixed(2)} s wall, ${cpu('usual').toFixed(1)} s CPU`,
    );
    console.log(
      `  naive (old sequence, one by one):    ${wall('naive').toFixed(2)} s wall, ${cpu('naive').toFixed(1)} s CPU`,
    );
    console.log(
      `  cli   (npm run plan:offline):        ${wall('cli').toFixed(2)} s wall, ${cpu('cli').toFixed(1)} s CPU`,
    );
    console.log('  naive, per step (median s):');
    for (const stack of Object.keys(stackDirs)) {
      const steps = Object.keys(results.naive[0].steps![stack]);
      const cells = steps.map(
        (s) => `${s} ${median(results.naive.map((r) => r.steps![stack][s])).toFixed(2)}`,
      );
      console.log(`    ${stack.padEnd(9)} ${cells.join(', ')}`);
    }
    console.log(
      `  one provider process per command: ${(wall('usual') / wall('ours')).toFixed(2)}x less wall, ${(cpu('usual') / cpu('ours')).toFixed(2)}x less CPU than usual`,
    );
    const ratio = wall('naive') / wall('ours');
    console.log(
      `  ratio: ours is ${ratio.toFixed(1)}x faster than naive (CPU ${(cpu('naive') / cpu('ours')).toFixed(1)}x less)`,
    );
    console.log(
      `  targets: plan:offline ≤ 15 s → ${wall('cli') <= 15 ? 'met' : 'NOT met'}; ≥ 3x → ${ratio >= 3 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
