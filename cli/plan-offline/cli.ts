/**
 * `npm run plan:offline [-- <stack>...]`: synthesizes the app into a temp folder, then runs a real
 * offline `terraform plan` of each stack (all of them by default) through the shared harness and
 * prints Terraform's human-readable plan. Needs no AWS account.
 *
 * The stacks plan in parallel (the harness bounds how many at once) and print in the order asked;
 * a failed stack prints its error in its place, the others still print, and the exit code is 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { SYNTH_OPTIONS, buildApp } from '../../stacks/app';
import { planOffline } from '../../shared/offline-terraform';
import { ownFolder } from '../../shared/owned-resources';

const USAGE = `Usage: npm run plan:offline [-- <stack>...]

Synthesizes the app and runs a real \`terraform plan\` of each stack (default: all of them) with no
AWS account and no state: every resource shows as new. Stacks: bootstrap and one per environment in
stacks/config/environments.ts. Exit codes: 0 planned, 1 a plan failed (its error is shown), 2 bad
arguments.`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const option = args.find((arg) => arg.startsWith('-'));
  if (option) {
    console.error(
      `Unknown option ${option}: plan:offline takes stack names only (npm run plan:offline -- --help).`,
    );
    return 2;
  }
  const requested = args;
  const outdir = mkdtempSync(join(tmpdir(), 'zero-etl-plan-offline-'));
  const disownOutdir = ownFolder(outdir);
  const removeOutdir = () => {
    rmSync(outdir, { recursive: true, force: true });
    disownOutdir();
  };
  // Ctrl-C: exit, so the owned-resources 'exit' hook kills the terraform runs, then removes the
  // synthesized stacks and the plans' work copies.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\nplan:offline: stopped (${signal}); removing its temporary folders`);
      process.exit(130);
    });
  }
  try {
    const app = buildApp(new App({ outdir, ...SYNTH_OPTIONS }));
    app.synth();
    const stacks = app.node.children.map((child) => child.node.id);
    const unknown = requested.filter((name) => !stacks.includes(name));
    if (unknown.length > 0) {
      console.error(`Unknown stack ${unknown.join(', ')}. Stacks: ${stacks.join(', ')}.`);
      return 2;
    }
    const selected = requested.length > 0 ? requested : stacks;
    const plans = selected.map((stack) => planOffline(join(outdir, 'stacks', stack)));
    plans.forEach((plan) => plan.catch(() => undefined)); // each is awaited below, in order
    const failed: string[] = [];
    for (const [index, stack] of selected.entries()) {
      console.log(`\n=== ${stack}: offline terraform plan ===\n`);
      try {
        console.log((await plans[index]).text);
      } catch (error) {
        failed.push(stack);
        console.error(`${stack}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failed.length > 0) console.error(`\nplan:offline: ${failed.join(', ')} failed (errors above).`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    removeOutdir();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
