/**
 * Every stack validates with real `terraform validate` under the S3 and HCP Terraform backends,
 * keeping the backend block the stack would deploy with. (The local backend is the default the
 * offline plan specifications already validate.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { type BackendEnvironment } from '../../stacks/config';
import { synthStackDir, validateOffline } from '../harness/terraform';
import { type Json } from '../harness/json';

const STACKS = ['bootstrap', 'dev', 'prod'];
const MODES: Array<[string, BackendEnvironment]> = [
  ['local', {}],
  [
    's3',
    { ZERO_ETL_BACKEND: 's3', ZERO_ETL_STATE_BUCKET: 'acme-tfstate', ZERO_ETL_STATE_REGION: 'eu-west-1' },
  ],
  ['cloud', { ZERO_ETL_BACKEND: 'cloud', ZERO_ETL_TFC_ORGANIZATION: 'acme' }],
];

function synthesize(env: BackendEnvironment): Map<string, { dir: string; terraform: Json }> {
  const app = buildApp(Testing.app(), { env });
  return new Map(
    STACKS.map((name) => {
      const dir = synthStackDir(app.node.findChild(name) as TerraformStack);
      return [name, { dir, terraform: JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')).terraform }];
    }),
  );
}

const synthesized = new Map(MODES.map(([mode, env]) => [mode, synthesize(env)]));
type Validation = Awaited<ReturnType<typeof validateOffline>>;
const validations = new Map<string, Validation>();

beforeAll(async () => {
  // All remote-backend validations at once: terraform mostly waits on the provider's schema.
  const jobs = MODES.filter(([mode]) => mode !== 'local').flatMap(([mode]) =>
    STACKS.map(async (name) => {
      validations.set(`${mode}/${name}`, await validateOffline(synthesized.get(mode)!.get(name)!.dir));
    }),
  );
  await Promise.all(jobs);
}, 240_000);

describe('local backend (default)', () => {
  it.each(STACKS)('keeps the %s state in a local file named after the stack', (name) => {
    const { terraform } = synthesized.get('local')!.get(name)!;
    expect(Object.keys(terraform.backend)).toEqual(['local']);
    expect(terraform.backend.local.path).toMatch(new RegExp(`terraform\\.${name}\\.tfstate$`));
    expect(terraform.required_version).toBe('>= 1.4');
  });
});

describe('S3 backend (ZERO_ETL_BACKEND=s3)', () => {
  it.each(STACKS)('validates the %s stack with an encrypted, lock-file-locked key of its own', (name) => {
    const { terraform } = synthesized.get('s3')!.get(name)!;
    expect(terraform.backend.s3).toEqual({
      bucket: 'acme-tfstate',
      key: `zero-etl/${name}.tfstate`,
      region: 'eu-west-1',
      encrypt: true,
      // The bootstrap stack's state key: without it, `encrypt` writes AES256 over the bucket's KMS default.
      kms_key_id: 'arn:aws:kms:eu-west-1:111111111111:alias/zero-etl-tfstate',
      use_lockfile: true,
    });
    expect(terraform.required_version).toBe('>= 1.10');
    const validation = validations.get(`s3/${name}`)!;
    expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validation.valid).toBe(true);
  });
});

describe('HCP Terraform backend (ZERO_ETL_BACKEND=cloud)', () => {
  it.each(STACKS)('validates the %s stack in its own zero-etl-<stack> workspace', (name) => {
    const { terraform } = synthesized.get('cloud')!.get(name)!;
    expect(terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: `zero-etl-${name}` } });
    expect(terraform.backend).toBeUndefined();
    const validation = validations.get(`cloud/${name}`)!;
    expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validation.valid).toBe(true);
  });
});
