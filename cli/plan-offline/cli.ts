/**
 * `npm run plan:offline [-- <stack>...]`: synthesizes the app into a temp folder, then runs a real
 * offline `terraform plan` of each stack (all of them by default) through the shared harness and
 * prints Terraform's human-readable plan. Needs no AWS account.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { planOffline } from '../../shared/offline-terraform';

async function main(requested: string[]): Promise<number> {
  const outdir = mkdtempSync(join(tmpdir(), 'zero-etl-plan-offline-'));
  try {
    const app = buildApp(new App({ outdir }));
    app.synth();
    const stacks = app.node.children.map((child) => child.node.id);
    const unknown = requested.filter((name) => !stacks.includes(name));
    if (unknown.length > 0) {
      console.error(`Unknown stack ${unknown.join(', ')}. Stacks: ${stacks.join(', ')}.`);
      return 2;
    }
    for (const stack of requested.length > 0 ? requested : stacks) {
      console.log(`\n=== ${stack}: offline terraform plan ===\n`);
      const result = await planOffline(join(outdir, 'stacks', stack));
      console.log(result.text);
    }
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
