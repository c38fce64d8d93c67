/**
 * `npm run setup:python` answers --help with its usage and an argument it does not take with one
 * line and exit 2, before it touches .venv/.
 */
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../../paths';

const setupPython = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/python-tools/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });

describe('npm run setup:python', () => {
  it('answers --help with the usage (exit 0)', () => {
    const help = setupPython('--help');

    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run setup:python\n/);
  });

  it('refuses an argument it does not take with one line (exit 2)', () => {
    const unknown = setupPython('--upgrade');

    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      'setup:python: unknown argument --upgrade; it takes none (npm run setup:python -- --help)\n',
    );
  });
});
