/**
 * `npm start` interrupted at every moment: while the throwaway server is being initialised, while it
 * starts, while the pipeline starts, while the Lambda ingests; by SIGINT, SIGTERM, or twice. Whatever the
 * moment, the command exits 130 and leaves no process and no folder behind: each run gets its own TMPDIR
 * (where the server's data directory goes), which must be empty afterwards, no process may still name it
 * on its command line, and no Lambda bundle folder of the run's pid may remain.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_DIR, PROJECT_ROOT } from '../../../paths';

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
  readonly tmp: string;
}

/** Processes whose command line mentions `text` (from /proc). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return cmdline.includes(text) ? [`${pid}: ${cmdline.trim()}`] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

const bundleFoldersOf = (pid: number) =>
  existsSync(CACHE_DIR)
    ? readdirSync(CACHE_DIR).filter((name) => name.startsWith(`zero-etl-lambda-${pid}-`))
    : [];

/** When to interrupt: `delayMs` after the start, or after stdout first shows `after`. */
interface Moment {
  readonly after?: string;
  readonly delayMs: number;
  /**
   * The server's data directory is made by the installer (mariadb-install-db, which bootstraps a
   * server of its own), not copied from a template: the run gets an empty template folder.
   */
  readonly installing?: boolean;
}

/** Starts `npm start` with a throwaway server (no MYSQL_URL) and sends `signals` at `moment`. */
function interrupt(moment: Moment, signals: readonly NodeJS.Signals[], gapMs = 150): Promise<Run> {
  const tmp = mkdtempSync(join(tmpdir(), 'zero-etl-interrupt-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.MYSQL_URL;
  const templates = moment.installing
    ? mkdtempSync(join(tmpdir(), 'zero-etl-interrupt-templates-'))
    : undefined;
  if (templates) env.ZERO_ETL_MYSQL_TEMPLATES = templates;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/pipeline/cli.ts'], {
    cwd: PROJECT_ROOT,
    env,
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  const send = async () => {
    if (sent) return;
    sent = true;
    await new Promise((resolve) => setTimeout(resolve, moment.delayMs));
    for (const [index, signal] of signals.entries()) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      child.kill(signal);
    }
  };
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (moment.after !== undefined && stdout.includes(moment.after)) void send();
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  if (moment.after === undefined) void send();
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      if (templates) rmSync(templates, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, pid: child.pid!, tmp });
    }),
  );
}

/** What an interrupted run left behind (empty when nothing). */
async function leftovers(run: Run): Promise<string[]> {
  // A killed server's last children may take a moment to be reaped.
  for (let attempt = 0; attempt < 20 && processesMentioning(run.tmp).length > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const found = [
    ...processesMentioning(run.tmp).map((process) => `process ${process}`),
    // tsx keeps its compile cache in TMPDIR (tsx-<uid>): not ours to remove.
    ...readdirSync(run.tmp)
      .filter((name) => !name.startsWith('tsx-'))
      .map((name) => `folder ${join(run.tmp, name)}`),
    ...bundleFoldersOf(run.pid).map((name) => `Lambda bundle ${join(CACHE_DIR, name)}`),
  ];
  rmSync(run.tmp, { recursive: true, force: true });
  return found;
}

const STARTING = 'Source: starting a throwaway';

describe('npm start interrupted', () => {
  it('before its stop handlers exist (still loading), dies of the signal with nothing started', async () => {
    const run = await interrupt({ delayMs: 100 }, ['SIGINT']);

    expect(await leftovers(run)).toEqual([]);
    expect(run.signal ?? run.code).toEqual(run.signal ? 'SIGINT' : 130);
  });

  it.each([
    ['SIGINT as the server is installed', { after: STARTING, delayMs: 0, installing: true }, ['SIGINT']],
    ['SIGINT while the server starts', { after: STARTING, delayMs: 1200, installing: true }, ['SIGINT']],
    ['SIGTERM while the server starts', { after: STARTING, delayMs: 1200, installing: true }, ['SIGTERM']],
    ['SIGINT as the server starts from its template', { after: STARTING, delayMs: 0 }, ['SIGINT']],
    ['SIGINT as the schema is applied', { after: 'Source: throwaway', delayMs: 0 }, ['SIGINT']],
    ['SIGINT while the Lambda ingests', { after: 'API: ', delayMs: 0 }, ['SIGINT']],
  ] as const)(
    'stops everything it started on %s, then exits 130',
    async (_label, moment, signals) => {
      const run = await interrupt(moment, signals);

      expect(await leftovers(run)).toEqual([]);
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/^Interrupted by SIG(INT|TERM); everything stopped\.$/m);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    },
    60_000,
  );

  it.each([
    // Stopping a server that is being installed may be done before the second signal comes.
    [
      'while the server starts',
      { after: STARTING, delayMs: 1200, installing: true },
      /^Second SIGINT: stopped at once|^Interrupted by SIGINT; everything stopped\.$/m,
    ],
    // Not a fixed delay: on an idle machine the whole run is done in under 5 s (it then exits 0).
    ['once replication runs', { after: 'Warehouse: ', delayMs: 0 }, /^Second SIGINT: stopped at once/m],
  ] as const)(
    'on a second Ctrl-C %s stops at once, and still kills the server and removes its folder',
    async (_label, moment, said) => {
      const run = await interrupt(moment, ['SIGINT', 'SIGINT'], 50);

      expect(await leftovers(run)).toEqual([]);
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(said);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});
