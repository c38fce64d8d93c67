/** `npm run plan:offline`: real offline plans of the app's stacks, printed in the order asked. */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT as ROOT } from '../../../paths';

async function planOfflineCli(
  ...stacks: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['--import', 'tsx', 'cli/plan-offline/cli.ts', ...stacks];
  return promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 28 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('npm run plan:offline', () => {
  it('stops on Ctrl-C during the plans (exit 130), leaving nothing in its TMPDIR', async () => {
    const privateTmp = mkdtempSync(join(tmpdir(), 'zero-etl-plan-offline-spec-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/plan-offline/cli.ts', 'dev'], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: privateTmp },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      const planning = () => readdirSync(privateTmp).some((name) => name.startsWith('zero-etl-tfplan-'));
      while (!planning() && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 200));
      child.kill('SIGINT');

      expect(await exited).toBe(130);
      // tsx (the loader `npm run` uses) keeps its compile cache in TMPDIR by design; nothing else may stay.
      expect(readdirSync(privateTmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
    } finally {
      rmSync(privateTmp, { recursive: true, force: true });
    }
  }, 120_000);

  it('prints each requested stack’s plan under its name, in the order asked', async () => {
    const { code, stdout, stderr } = await planOfflineCli('prod', 'bootstrap');

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const headers = stdout.match(/^=== .*$/gm);
    expect(headers).toEqual([
      '=== prod: offline terraform plan ===',
      '=== bootstrap: offline terraform plan ===',
    ]);
    const [prod, bootstrap] = stdout.split(/^=== .*$/m).slice(1);
    expect(prod).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/m);
    expect(prod).toContain('# aws_rds_integration.');
    expect(bootstrap).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/m);
    expect(bootstrap).toContain('# aws_iam_openid_connect_provider.');
  }, 120_000);

  it('answers --help with its usage, and an unknown option with one line (exit 2)', async () => {
    const help = await planOfflineCli('--help');
    const bad = await planOfflineCli('--refresh');

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run plan:offline \[-- <stack>\.\.\.\]/);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'Unknown option --refresh: plan:offline takes stack names only (npm run plan:offline -- --help).',
    );
  });

  it('names the known stacks when asked for an unknown one', async () => {
    const { code, stderr } = await planOfflineCli('dev', 'staging');

    expect(code).toBe(2);
    expect(stderr.trim()).toBe('Unknown stack staging. Stacks: bootstrap, dev, prod.');
  });
});
