/**
 * `npm run bench:aws-cli`: an AWS CLI call through `local/cloud/bin/aws` to a local cloud, cold (a new
 * awscli process, as before) and warm (a fork of the warm AWS CLI, local/cloud/warm-aws-cli/), side by
 * side in one run: the variants take turns, BENCH_RUNS rounds (default 10) of each command, and the
 * medians of wall time and CPU time are reported with their ratio. CPU time is what the calling shell's
 * children used (bash's `times`: the wrapper, the cold CLI or the warm client) plus, warm, what the
 * call's runner used in the server (its call log); the supervisor's few milliseconds are not counted.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { awsCliEnvironment, MOTO_AWS_BIN } from '../local/cloud/aws-cli';
import { startLocalCloud } from '../local/cloud/server/launcher';
import { textTable } from '../shared/text-table';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const COMMANDS = [
  ['sts', 'get-caller-identity'],
  ['rds', 'describe-db-clusters'],
];
const CREDENTIALS = { accessKeyId: 'AKIABENCHMARKAWSCLI0', secretAccessKey: 'any key works' };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Seconds from bash's `times` line for its children ("0m0.640s 0m0.090s"). */
function childSeconds(times: string): number {
  const line = times.trim().split('\n').at(-1) ?? '';
  return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, m, s]) => sum + Number(m) * 60 + Number(s),
    0,
  );
}

async function main(): Promise<void> {
  const cloud = await startLocalCloud({ accountId: '111111111111', warmAwsCli: true });
  try {
    const warm = awsCliEnvironment(cloud.url, CREDENTIALS);
    const { MOTO_AWS_CLI_SERVER: _, ...cold } = warm;
    const wrapper = join(MOTO_AWS_BIN, 'aws');
    const samples: Record<string, { wall: number[]; cpu: number[] }> = {};
    for (let round = 0; round < RUNS; round++) {
      for (const command of COMMANDS) {
        for (const [variant, env] of [
          ['cold', cold],
          ['warm', warm],
        ] as const) {
          const before = cloud.warmAwsCli!.calls().length;
          const started = performance.now();
          const run = spawnSync(
            'bash',
            ['-c', '"$@" --region us-east-1 > /dev/null || exit $?; times >&2', 'aws', wrapper, ...command],
            { env, encoding: 'utf8' },
          );
          const wall = (performance.now() - started) / 1000;
          if (run.status !== 0)
            throw new Error(`aws ${command.join(' ')} (${variant}) failed:\n${run.stderr}`);
          const runner = cloud.warmAwsCli!.calls().slice(before);
          if ((variant === 'warm') !== (runner.length === 1)) {
            throw new Error(`aws ${command.join(' ')} (${variant}) ran ${runner.length} warm calls`);
          }
          const key = `${command.join(' ')}|${variant}`;
          samples[key] ??= { wall: [], cpu: [] };
          samples[key].wall.push(wall);
          samples[key].cpu.push(childSeconds(run.stderr) + (runner[0]?.cpuSeconds ?? 0));
        }
      }
    }
    const rows = COMMANDS.flatMap((command) => {
      const name = command.join(' ');
      const [c, w] = [samples[`${name}|cold`], samples[`${name}|warm`]];
      return [
        [name, 'cold', `${median(c.wall).toFixed(2)} s`, `${median(c.cpu).toFixed(2)} s`, '1.00', '1.00'],
        [
          name,
          'warm',
          `${median(w.wall).toFixed(2)} s`,
          `${median(w.cpu).toFixed(2)} s`,
          (median(w.wall) / median(c.wall)).toFixed(2),
          (median(w.cpu) / median(c.cpu)).toFixed(2),
        ],
      ];
    });
    console.log(
      `AWS CLI calls to a local cloud, medians of ${RUNS} rounds (variants take turns):\n` +
        textTable(['command', 'CLI', 'wall', 'CPU', 'wall / cold', 'CPU / cold'], rows),
    );
  } finally {
    await cloud.stop();
  }
}

main().catch((error: Error) => {
  console.error(`bench:aws-cli: ${error.message}`);
  process.exit(1);
});
