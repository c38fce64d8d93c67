/**
 * stacks/synth-app.cjs, what `cdktf synth` runs (cdktf.json's `app`): it synthesizes every stack from
 * an esbuild bundle of main.ts cached in .gen/synth/, rebuilt exactly when one of its inputs changed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../harness/project-files';

const BUNDLE = join(PROJECT_ROOT, '.gen', 'synth', 'main.cjs');
const INPUTS = join(PROJECT_ROOT, '.gen', 'synth', 'inputs.json');

function synth(outdir: string) {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'stacks', 'synth-app.cjs')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ZERO_ETL_BACKEND: '' },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

describe('synth-app.cjs', () => {
  const outdirs: string[] = [];
  const outdir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'synth-app-'));
    outdirs.push(dir);
    return dir;
  };
  afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('synthesizes the bootstrap stack and every environment', () => {
    const dir = outdir();
    synth(dir);

    expect(readdirSync(join(dir, 'stacks')).sort()).toEqual(['bootstrap', 'dev', 'prod']);
    const dev = JSON.parse(readFileSync(join(dir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(dev.resource)).toContain('aws_rds_integration');
  }, 60_000);

  it('reuses the cached bundle while its inputs are unchanged, and rebuilds it when one changes', () => {
    synth(outdir());
    const built = statSync(BUNDLE).mtimeMs;
    const first = readFileSync(join(outdirs[outdirs.length - 1], 'stacks', 'dev', 'cdk.tf.json'), 'utf8');

    synth(outdir());
    expect(statSync(BUNDLE).mtimeMs).toBe(built);

    // Pretend main.ts changed since the bundle was built.
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8')) as Record<string, string>;
    writeFileSync(INPUTS, JSON.stringify({ ...inputs, 'main.ts': 'stale' }));
    const dir = outdir();
    synth(dir);
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThan(built);
    expect(readFileSync(join(dir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(first);
  }, 60_000);
});
