/**
 * `npm run local-cloud -- serve` end to end: it prints its endpoint, answers the AWS CLI, and on
 * SIGTERM or Ctrl-C (also while still starting) leaves no process and no temporary directory; bad
 * arguments exit 2 with one line, --help exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsJson } from '../../../local/cloud/aws-cli';
import { PROJECT_ROOT } from '../../../paths';

const CLI = join(PROJECT_ROOT, 'local', 'cloud', 'cli.ts');
/** A private TMPDIR per run, so what the CLI leaves behind is its own (other suites run in parallel). */
const privateTmp = () => mkdtempSync(join(tmpdir(), 'zero-etl-cli-test-'));
/** What the local cloud left in a TMPDIR (tsx keeps its own compile cache there). */
const leftBehind = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('zero-etl-'));

function cli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return Object.assign(child, { output: () => output });
}

/** The exit code, also of a child that has already exited (two children run at once). */
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

async function waitForLine(
  child: ReturnType<typeof cli>,
  pattern: RegExp,
  timeoutMs = 90_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(child.output());
    if (match) return match;
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`no line matching ${pattern} in:\n${child.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether anything still answers on the URL (the server process is gone when nothing does). */
const listening = (url: string) =>
  fetch(`${url}/moto-api/config`).then(
    () => true,
    () => false,
  );

/** The MariaDB servers whose data lives under `dir` (the data plane's clusters of one run). */
const serversUnder = (dir: string) =>
  readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return command.includes('mariadbd') && command.includes(dir);
      } catch {
        return false;
      }
    });

describe('npm run local-cloud -- serve', () => {
  it('prints its endpoint, answers as the given account, and stops on SIGTERM leaving nothing behind', async () => {
    const tmp = privateTmp();
    const child = cli(['serve', '--account-id', '444444444444'], { TMPDIR: tmp });
    const [, url] = await waitForLine(
      child,
      /local cloud: (http:\/\/127\.0\.0\.1:\d+) \(account 444444444444, IAM not enforced/,
    );

    const identity = await awsJson(url, { accessKeyId: 'AKIAANYKEYWORKS00000', secretAccessKey: 'any' }, [
      'sts',
      'get-caller-identity',
    ]);
    child.kill('SIGTERM');

    expect(await exited(child)).toBe(0);
    expect(identity).toMatchObject({ Account: '444444444444' });
    expect(await listening(url)).toBe(false);
    expect(leftBehind(tmp)).toEqual([]);
    expect(child.output()).toContain('local cloud stopped');
    rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('stops cleanly on Ctrl-C while it is still starting', async () => {
    const tmp = privateTmp();
    const child = cli(['serve', '--enforce-iam'], { TMPDIR: tmp });
    // The server is being started (its log folder exists) but not ready: no endpoint printed yet.
    while (leftBehind(tmp).length === 0 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const printed = child.output();
    child.kill('SIGINT');

    expect(await exited(child)).toBe(0);
    expect(printed).not.toContain('local cloud: http');
    expect(leftBehind(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('--data-plane: a cluster created through the API runs a MariaDB; Ctrl-C stops it and leaves nothing behind', async () => {
    const tmp = privateTmp();
    const child = cli(['serve', '--data-plane'], { TMPDIR: tmp });
    const [, url] = await waitForLine(child, /local cloud: (http:\/\/127\.0\.0\.1:\d+) /);
    await waitForLine(
      child,
      /data plane: bridge http:\/\/127\.0\.0\.1:\d+; cluster endpoints trust the CA in /,
    );

    const created = await awsJson(url, { accessKeyId: 'AKIAANYKEYWORKS00000', secretAccessKey: 'any' }, [
      'rds',
      'create-db-cluster',
      '--db-cluster-identifier',
      'cli-cluster',
      '--engine',
      'aurora-mysql',
      '--master-username',
      'admin',
      '--master-user-password',
      'cli-cluster-secret',
    ]);
    const servers = () => serversUnder(tmp);
    const running = servers();
    child.kill('SIGINT');

    expect(created).toMatchObject({ DBCluster: { Endpoint: '127.0.0.1' } });
    expect(running).toHaveLength(1);
    expect(await exited(child)).toBe(0);
    expect(servers()).toEqual([]);
    expect(leftBehind(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('exits 2 with one line for bad arguments, and 0 with the usage for --help', async () => {
    const bad = cli(['serve', '--port', 'eighty']);
    const help = cli(['--help']);

    expect(await exited(bad)).toBe(2);
    expect(bad.output().trim().split('\n')).toEqual([
      'local-cloud: --port must be a port number from 1 to 65535 (got "eighty") (npm run local-cloud -- --help)',
    ]);
    expect(await exited(help)).toBe(0);
    expect(help.output()).toContain(
      'Usage: npm run local-cloud -- serve [--port N] [--account-id ID] [--enforce-iam] [--data-plane]',
    );
  }, 60_000);
});
