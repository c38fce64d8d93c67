/**
 * The Terraform harness for tests: synthesize a stack to a temp dir and run real offline
 * `terraform init` / `plan` / `show -json` on it, or `validate` (see shared/offline-terraform.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Manifest, type TerraformStack } from 'cdktf';
import { SYNTH_OPTIONS } from '../../stacks/app';
import { type OfflinePlanResult } from '../../shared/offline-terraform';

export { planOffline, validateOffline } from '../../shared/offline-terraform';

/**
 * Synthesizes `stack` into a fresh temp folder and returns the stack's directory: what cdktf's
 * `Testing.fullSynth` does, with the app's SYNTH_OPTIONS (stacks/app.ts: no cdktf validations, whose
 * `terraform version` runs were about 150 per test run).
 */
export function synthStackDir(stack: TerraformStack): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf.outdir.'));
  const manifest = new Manifest('stubbed', outdir, false);
  stack.synthesizer.synthesize({ outdir, manifest, ...SYNTH_OPTIONS });
  manifest.writeToFile();
  return join(outdir, 'stacks', stack.node.id);
}

export type PlannedResource = {
  address: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
};

/** Every resource the plan would create, flattened out of child modules. */
export function plannedResources(result: OfflinePlanResult): PlannedResource[] {
  const walk = (
    module: { resources?: PlannedResource[]; child_modules?: unknown[] } | undefined,
  ): PlannedResource[] =>
    module
      ? [...(module.resources ?? []), ...((module.child_modules ?? []) as (typeof module)[]).flatMap(walk)]
      : [];
  const planned = result.plan.planned_values as { root_module?: Parameters<typeof walk>[0] } | undefined;
  return walk(planned?.root_module);
}
