/**
 * `npm run local-cloud -- deploy dev` interrupted as a user interrupts it: Ctrl-C (SIGINT) in the
 * middle of `terraform apply`, once the data plane runs the cluster's MariaDB server. It stops at
 * once with exit 130, and every process it started (the local cloud, terraform and its provider, the
 * MariaDB server, function runs) is gone, and its TMPDIR is empty.
 *
 * The deploy's own steps run to the end in the local-cloud tier's dev run
 * (test/stacks/local-cloud/data-flow.ts), through the same module (local/cloud/deployment.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../paths';

const APPLY_STARTED =
  /^\[\d+\.\ds\] terraform apply \(every resource, every deploy step with the AWS CLI\) …$/m;
const MINUTE = 60_000;

interface Interrupted {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every process below the command when it was interrupted: pid and command line. */
  readonly descendants: ReadonlyArray<{ pid: number; args: string }>;
}

/** Every running process (zombies, which have ended, left out): pid, parent pid, command line. */
function processTable(): Array<{ pid: number; ppid: number; args: string }> {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !match[3].startsWith('Z'))
    .map(([, pid, ppid, , args]) => ({ pid: Number(pid), ppid: Number(ppid), args }));
}

function descendantsOf(root: number): Array<{ pid: number; args: string }> {
  const table = processTable();
  const found: Array<{ pid: number; args: string }> = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const row of table.filter((candidate) => candidate.ppid === parent)) {
      found.push({ pid: row.pid, args: row.args });
      queue.push(row.pid);
    }
  }
  return found;
}

/** Those of `rows` still running (the same pid with the same command line). */
function stillRunning(rows: ReadonlyArray<{ pid: number; args: string }>) {
  const running = processTable();
  return rows.filter((row) => running.some((other) => other.pid === row.pid && other.args === row.args));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the deploy, waits for the apply and a MariaDB server below it, then sends SIGINT. */
async function interruptDuringApply(privateTmp: string): Promise<Interrupted> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/cloud/cli.ts', 'deploy', 'dev'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TMPDIR: privateTmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

  let descendants: Array<{ pid: number; args: string }> = [];
  const deadline = Date.now() + 4 * MINUTE;
  while (Date.now() < deadline) {
    descendants = descendantsOf(child.pid!);
    if (APPLY_STARTED.test(stdout) && descendants.some((row) => row.args.includes('mariadbd'))) break;
    if (child.exitCode !== null) break;
    await sleep(500);
  }
  child.kill('SIGINT');
  const code = await exited;
  return { code, stdout, stderr, descendants };
}

describe('npm run local-cloud -- deploy dev, interrupted with Ctrl-C during terraform apply', () => {
  let privateTmp: string;
  let run: Interrupted;

  beforeAll(async () => {
    privateTmp = mkdtempSync(join(tmpdir(), 'zero-etl-deploy-spec-'));
    run = await interruptDuringApply(privateTmp);
  }, 6 * MINUTE);

  afterAll(() => {
    rmSync(privateTmp, { recursive: true, force: true });
  });

  it('was interrupted in the middle of the apply, with the cluster running on MariaDB', () => {
    expect(run.stdout).toMatch(APPLY_STARTED);
    expect(run.stdout).not.toMatch(
      /terraform apply \(every resource, every deploy step with the AWS CLI\): done/,
    );
    expect(run.descendants.map((row) => row.args).filter((args) => args.includes('mariadbd'))).toHaveLength(
      1,
    );
    expect(run.descendants.some((row) => /\bterraform\b/.test(row.args))).toBe(true);
  });

  it('stops at once with exit 130 and says what it does', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 130, stderr: '' });
    expect(run.stdout).toMatch(
      /^\[\d+\.\ds\] stopped: ending every process and removing the temporary folders$/m,
    );
  });

  it('leaves none of the processes it started running, and nothing in its TMPDIR', () => {
    expect(stillRunning(run.descendants)).toEqual([]);
    // tsx (the loader `npm run` uses) keeps its compile cache in TMPDIR by design; nothing else may stay.
    expect(readdirSync(privateTmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  });
});
