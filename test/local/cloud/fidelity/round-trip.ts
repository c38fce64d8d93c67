/**
 * One fidelity round trip in the local cloud with provider 5.100.0: apply, second plan, optionally an
 * update applied in place and a plan after it, destroy, what is left in the state.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsCredentials } from '../../../../local/cloud/terraform/override';
import { describeChanges } from '../../../../local/cloud/terraform/plan-changes';
import { MotoStack, type TerraformRun } from '../../../../local/cloud/terraform/stack-copy';
import { type Json } from '../../../harness/json';

export interface FidelityRun {
  readonly apply: TerraformRun;
  /** Each planned change as `address: actions (attributes)`. */
  readonly secondPlan: string[];
  readonly updateApply?: TerraformRun;
  readonly afterUpdatePlan?: string[];
  readonly destroy: TerraformRun;
  readonly state: string[];
}

/** Resources of one case under its own names: `aws_x.test` becomes `aws_x.<key>` (references included). */
export function scoped(resources: Json, key: string): Json {
  const text = JSON.stringify(resources).replace(
    /\b(aws_[a-z0-9_]+)\.test(\d?)\b/g,
    (_, type: string, index: string) => `${type}.${key}${index}`,
  );
  const json = JSON.parse(text) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(
    Object.entries(json).map(([type, byName]) => [
      type,
      Object.fromEntries(Object.entries(byName).map(([name, body]) => [name.replace(/^test/, key), body])),
    ]),
  );
}

/** Merges resources of several cases (their names are distinct once scoped). */
export function merged(parts: readonly Json[]): Json {
  const all: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, byName] of Object.entries(part as Record<string, Record<string, unknown>>)) {
      all[type] = { ...all[type], ...byName };
    }
  }
  return all;
}

function writeConfig(dir: string, account: string, region: string, resources: Json): string {
  writeFileSync(
    join(dir, 'cdk.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
      provider: { aws: [{ region, allowed_account_ids: [account] }] },
      resource: resources,
    }),
  );
  return dir;
}

const lines = (changes: Parameters<typeof describeChanges>[0]) =>
  describeChanges(changes).split('\n').filter(Boolean);

export async function fidelityRoundTrip(options: {
  readonly name: string;
  readonly endpoint: string;
  readonly credentials: AwsCredentials;
  readonly account: string;
  readonly region: string;
  readonly resources: Json;
  readonly update?: Json;
}): Promise<FidelityRun> {
  const scratch = mkdtempSync(join(tmpdir(), `zero-etl-fidelity-${options.name}-`));
  const config = (resources: Json, suffix: string) => {
    const dir = join(scratch, suffix);
    mkdirSync(dir);
    return writeConfig(dir, options.account, options.region, resources);
  };
  const stack = MotoStack.create(options.name, config(options.resources, 'initial'), {
    endpoint: options.endpoint,
    credentials: options.credentials,
  });
  try {
    await stack.init();
    const apply = await stack.terraform('apply', ['apply', '-auto-approve', '-input=false']);
    const second = apply.code === 0 ? await stack.plan('second-plan') : undefined;
    let updateApply: TerraformRun | undefined;
    let afterUpdatePlan: string[] | undefined;
    if (options.update && apply.code === 0) {
      stack.useConfiguration(config(options.update, 'updated'));
      updateApply = await stack.terraform('update-apply', ['apply', '-auto-approve', '-input=false']);
      if (updateApply.code === 0) afterUpdatePlan = lines((await stack.plan('plan-after-update')).changes);
    }
    const destroy = await stack.destroy();
    return {
      apply,
      secondPlan: second ? lines(second.changes) : ['(not planned: the apply failed)'],
      updateApply,
      afterUpdatePlan,
      destroy,
      state: await stack.stateList(),
    };
  } finally {
    if (!process.env.ZERO_ETL_KEEP_LOCAL_CLOUD_COPIES) {
      stack.remove();
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}
