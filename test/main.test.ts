/**
 * What `cdktf synth` runs (cdktf.json's `app`, main.ts through tsx): it synthesizes the bootstrap
 * stack and every environment, with nothing on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths';

const APP_COMMAND: string = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdktf.json'), 'utf8')).app;

describe("cdktf.json's app", () => {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-app-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('runs main.ts with plain node and tsx: no build step, no cached bundle', () => {
    expect(APP_COMMAND).toBe('node --import tsx main.ts');
  });

  it('synthesizes the bootstrap stack and every environment', () => {
    const [, ...args] = APP_COMMAND.split(' ');
    const result = spawnSync(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ZERO_ETL_BACKEND: '' },
      encoding: 'utf8',
    });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['bootstrap', 'dev', 'prod']);
    const dev = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(dev.resource)).toContain('aws_rds_integration');
  }, 60_000);
});
