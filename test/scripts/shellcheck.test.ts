/**
 * Hygiene of every bash script in scripts/, .ci/run, the scripted `aws` used by the tests and the `aws`
 * wrapper the local-cloud tier runs the deploy steps with:
 * shellcheck-clean, strict mode, executable.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../../paths';

function bashScriptsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return bashScriptsUnder(path);
    const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0];
    return entry.endsWith('.sh') || /^#!.*\bbash\b/.test(firstLine) ? [path] : [];
  });
}

const scripts = [
  ...bashScriptsUnder(join(ROOT, 'scripts')),
  join(ROOT, '.ci/run'),
  join(ROOT, 'test/harness/bin/aws'),
  join(ROOT, 'local/cloud/bin/aws'),
];
const DEPLOY_STEPS = [
  'reboot-instances-if-pending',
  'sync-workgroup-parameters',
  'apply-schema',
  'create-integration-database',
  'verify-replication',
];

describe('bash scripts', () => {
  it('finds the deploy-step scripts, the CI entry point, the scripted aws and the local-cloud wrapper', () => {
    const names = scripts.map((path) => relative(ROOT, path));

    expect(names).toEqual(
      expect.arrayContaining([
        ...DEPLOY_STEPS.map((name) => `scripts/${name}`),
        '.ci/run',
        'test/harness/bin/aws',
        'local/cloud/bin/aws',
      ]),
    );
  });

  it('are shellcheck-clean', () => {
    const result = spawnSync('shellcheck', ['--external-sources', '--format=gcc', ...scripts], {
      cwd: ROOT,
      encoding: 'utf8',
    });

    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(DEPLOY_STEPS)('scripts/%s runs in strict mode and is executable', (name) => {
    const path = join(ROOT, 'scripts', name);

    expect(readFileSync(path, 'utf8')).toMatch(/^set -euo pipefail$/m);
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
  });
});
