/**
 * What `npm run synth` and `cdktf synth` run (cdktf.json's `app`, main.ts through tsx): it synthesizes
 * the bootstrap stack and every environment, with nothing on stderr; a configuration mistake is one
 * message naming the field and the fix, never a stack trace.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths';

const APP_COMMAND: string = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdktf.json'), 'utf8')).app;

describe("cdktf.json's app", () => {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-app-'));
  let synth: SpawnSyncReturns<string>;
  beforeAll(() => {
    const [, ...args] = APP_COMMAND.split(' ');
    synth = spawnSync(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ZERO_ETL_BACKEND: '' },
      encoding: 'utf8',
    });
  }, 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('runs main.ts with plain node and tsx: no build step, no cached bundle', () => {
    expect(APP_COMMAND).toBe('node --import tsx main.ts');
  });

  it('synthesizes the bootstrap stack and every environment', () => {
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['bootstrap', 'dev', 'prod']);
    const dev = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(dev.resource)).toContain('aws_rds_integration');
  });

  it('holds as many resources as the README and the benchmarks say', () => {
    const resources = ['bootstrap', 'dev', 'prod']
      .map((stack) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')))
      .flatMap((stack) => Object.values<Record<string, unknown>>(stack.resource))
      .reduce((count, byName) => count + Object.keys(byName).length, 0);

    for (const doc of ['README.md', 'docs/benchmarks.md']) {
      const claimed = [...readFileSync(join(PROJECT_ROOT, doc), 'utf8').matchAll(/(\d+) resources\)/g)];
      expect({ doc, claimed: claimed.map((match) => Number(match[1])) }).toEqual({
        doc,
        claimed: [resources],
      });
    }
  });

  const runApp = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [...APP_COMMAND.split(' ').slice(1), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
      encoding: 'utf8',
    });

  it('is what npm run synth runs, so a configuration error is printed once', () => {
    const scripts = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.synth).toBe(APP_COMMAND);
  });

  it('names a configuration mistake and its fix, exit 1, without a stack trace', () => {
    const result = runApp([], { ZERO_ETL_BACKEND: 'bogus' });

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid zero-ETL configuration (1 problem):\n' +
        '  - ZERO_ETL_BACKEND: unknown backend "bogus". Fix: use local, s3 or cloud\n',
    );
  }, 60_000);

  it('answers --help with usage (exit 0) and an unknown argument with one line (exit 2)', () => {
    const help = runApp(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run synth/);
    expect(help.stdout).toContain('Exit status: 0 synthesized, 1 the configuration is invalid');

    const unknown = runApp(['--stack', 'dev']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      'synth: unknown argument --stack; it takes none (see npm run synth -- --help)\n',
    );
  });
});
