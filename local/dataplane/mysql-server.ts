/**
 * A throwaway MySQL-compatible server configured like Aurora MySQL for zero-ETL
 * (binlog on, ROW format, FULL row image, FULL row metadata).
 *
 * Shared by the jest global setup, `npm start` and the benchmarks, so every consumer
 * exercises the same server settings.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../rules';
import { killNow, ownChild, ownFolder } from '../../shared/owned-resources';
import { copyTemplate, discardTemplate, saveTemplate, templateDir } from './mysql-datadir-template';

export class MysqlServerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MysqlServerError';
  }
}

export interface MysqlServerOptions {
  /** Extra mysqld/mariadbd command-line options, e.g. `['--binlog-format=STATEMENT']`. @default [] */
  readonly extraArgs?: readonly string[];
  /** Turn the binary log off entirely (for negative preflight tests). @default false */
  readonly binlogOff?: boolean;
  /**
   * The options that stand for the cluster parameter group (binlog settings and the like), e.g. from
   * {@link serverArgsForParameters}. @default ZERO_ETL_BINLOG_ARGS (or `--skip-log-bin` with `binlogOff`)
   */
  readonly parameterArgs?: readonly string[];
  /**
   * Aborts the start: the half-started server is killed and its folder removed before the returned
   * promise rejects with the signal's reason. @default - not abortable
   */
  readonly signal?: AbortSignal;
}

export interface RunningMysqlServer {
  /** `mysql://root@127.0.0.1:<port>/` — the admin URL (no password, loopback only). */
  readonly url: string;
  readonly port: number;
  /** The running server's process id (a restart changes it). */
  readonly pid: number;
  /** Temp folder holding the datadir, socket and pid file; removed by `stop()`. */
  readonly baseDir: string;
  /**
   * Stops the server cleanly and starts it again on the same data directory and port: what a reboot
   * is. `parameterArgs` replaces the parameter options (static parameters take effect now).
   */
  restart(options?: { readonly parameterArgs?: readonly string[] }): Promise<void>;
  stop(): Promise<void>;
}

/** Options matching Aurora MySQL 3's zero-ETL parameter group (A3) as far as MariaDB has them. */
export const ZERO_ETL_BINLOG_ARGS: readonly string[] = [
  '--log-bin=binlog',
  '--server-id=1',
  ...ZERO_ETL_CLUSTER_PARAMETERS.flatMap((parameter) =>
    parameter.serverOption ? [parameter.serverOption] : [],
  ),
];

/** How long the server may take to accept connections. */
const START_TIMEOUT_MS = 60_000;
const SERVER_BINARIES = ['mariadbd', 'mysqld'];
const EXTRA_SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin'];

/** Locates mariadbd/mysqld on PATH or in the usual sbin folders; `MYSQLD` overrides. */
export function findMysqlServerBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MYSQLD) return existsSync(env.MYSQLD) ? env.MYSQLD : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_SEARCH_DIRS];
  for (const name of SERVER_BINARIES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export const MISSING_SERVER_MESSAGE =
  'No MySQL-compatible server binary (mariadbd or mysqld) was found. ' +
  'Install one with `sudo apt-get install mariadb-server` (Debian/Ubuntu) or `brew install mysql` (macOS), ' +
  'or point MYSQL_URL at an existing server, e.g. MYSQL_URL=mysql://root:secret@127.0.0.1:3306/.';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The server binary's version line (`mariadbd  Ver 10.11.… -MariaDB…`), read without option files. */
function serverVersion(binary: string): string {
  const out = spawnSync(binary, ['--no-defaults', '--version'], { encoding: 'utf8' });
  return out.stdout?.split('\n').find((line) => / Ver /.test(line)) ?? `${out.stdout}${out.stderr}`;
}

/** Runs a child to completion, killed when `signal` aborts; resolves with its exit code and output. */
async function runChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
): Promise<{ code: number | null; output: string; error?: Error }> {
  // Its own process group: killing it kills what it started (mariadb-install-db runs a server itself).
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const owned = { child, group: true };
  const release = ownChild(child, owned);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const abort = () => killNow(owned);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const [code] = (await Promise.race([
      once(child, 'close'),
      once(child, 'error').then(([error]) => Promise.reject(error as Error)),
    ])) as [number | null];
    return { code, output };
  } catch (error) {
    return { code: null, output, error: error as Error };
  } finally {
    signal?.removeEventListener('abort', abort);
    release();
  }
}

/**
 * A fresh data directory: a copy of this binary's template (resolves with the template's folder), or,
 * without one or with `useTemplate: false`, the installer's (then kept as the template; resolves
 * undefined).
 */
async function initialiseDataDir(
  binary: string,
  dataDir: string,
  tmpDir: string,
  signal: AbortSignal | undefined,
  { useTemplate = true } = {},
): Promise<string | undefined> {
  const version = serverVersion(binary);
  const mariadb = /mariadb/i.test(version);
  const [command, options] = mariadb
    ? [
        'mariadb-install-db',
        [
          '--no-defaults',
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
          '--user=' + (process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'mysql')),
        ],
      ]
    : [binary, ['--no-defaults', '--initialize-insecure']];
  const template = templateDir(binary, version, options);
  if (useTemplate && (await copyTemplate(template, dataDir))) {
    signal?.throwIfAborted();
    return template;
  }
  // A private tmpdir per server: concurrent installs sharing /tmp collide on temp-table files.
  const args = [...options, `--datadir=${dataDir}`, ...(mariadb ? [`--tmpdir=${tmpDir}`] : [])];
  const result = await runChild(
    command,
    args,
    { ...process.env, PATH: `${process.env.PATH}${delimiter}/usr/bin` },
    signal,
  );
  signal?.throwIfAborted();
  if (result.code !== 0) {
    const said = result.error?.message ?? (result.output.trim() || 'nothing');
    throw new MysqlServerError(
      `Initialising a MySQL data directory with ${command} failed (${
        result.code === null ? 'it could not run' : `exit ${result.code}`
      }; it said: ${said}). Check that ${binary} is a MariaDB or MySQL server binary ` +
        '(MYSQLD overrides the search), or point MYSQL_URL at a running server.',
    );
  }
  await saveTemplate(dataDir, template);
  return undefined;
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (child.exitCode !== null) {
      throw new MysqlServerError(
        `The MySQL server exited with code ${child.exitCode} while starting:\n${log()}`,
      );
    }
    try {
      const connection = await createConnection(url);
      await connection.end();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new MysqlServerError(
    `The MySQL server did not accept connections within ${timeoutMs} ms:\n${log()}`,
    {
      cause: lastError,
    },
  );
}

/** Starts a private server in a fresh temp datadir on a free loopback port. */
export async function startMysqlServer(options: MysqlServerOptions = {}): Promise<RunningMysqlServer> {
  const binary = findMysqlServerBinary();
  if (!binary) throw new MysqlServerError(MISSING_SERVER_MESSAGE);
  options.signal?.throwIfAborted();
  const baseDir = mkdtempSync(join(tmpdir(), 'zero-etl-mysql-'));
  const releaseFolder = ownFolder(baseDir);
  const removeFolder = () => {
    rmSync(baseDir, { recursive: true, force: true });
    releaseFolder();
  };
  const dataDir = join(baseDir, 'data');
  const tmpDir = join(baseDir, 'tmp');
  mkdirSync(tmpDir);
  let fromTemplate: string | undefined;
  try {
    fromTemplate = await initialiseDataDir(binary, dataDir, tmpDir, options.signal);
  } catch (error) {
    removeFolder();
    throw error;
  }

  const port = await freePort();
  const fixedArgs = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--tmpdir=${tmpDir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(baseDir, 'mysqld.sock')}`,
    `--pid-file=${join(baseDir, 'mysqld.pid')}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--max-connections=500',
    '--local-infile=1',
    // Throwaway data: trade durability for speed.
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    '--innodb-buffer-pool-size=256M',
  ];
  const argsWith = (parameterArgs: readonly string[]) => [
    ...fixedArgs,
    ...parameterArgs,
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ...(options.extraArgs ?? []),
  ];
  const url = `mysql://root@127.0.0.1:${port}/`;
  let current: LaunchedServer;
  const firstArgs = argsWith(options.parameterArgs ?? defaultParameterArgs(options));
  try {
    try {
      current = await launch(binary, firstArgs, { url, signal: options.signal });
    } catch (error) {
      if (fromTemplate === undefined || options.signal?.aborted) throw error;
      // A template that does not start (damaged, or not this server's after all) is discarded, and
      // the server is installed afresh, once.
      discardTemplate(fromTemplate);
      rmSync(dataDir, { recursive: true, force: true });
      await initialiseDataDir(binary, dataDir, tmpDir, options.signal, { useTemplate: false });
      current = await launch(binary, firstArgs, { url, signal: options.signal });
    }
  } catch (error) {
    removeFolder();
    throw error;
  }

  return {
    url,
    port,
    get pid() {
      return current.pid;
    },
    baseDir,
    async restart(restartOptions = {}) {
      await current.stop();
      const parameterArgs =
        restartOptions.parameterArgs ?? options.parameterArgs ?? defaultParameterArgs(options);
      current = await launch(binary, argsWith(parameterArgs), { url });
    },
    stop: async () => {
      await current.stop();
      rmSync(baseDir, { recursive: true, force: true });
      releaseFolder();
    },
  };
}

function defaultParameterArgs(options: MysqlServerOptions): readonly string[] {
  return options.binlogOff ? ['--skip-log-bin'] : ZERO_ETL_BINLOG_ARGS;
}

interface LaunchedServer {
  readonly pid: number;
  /** Stops this process (SIGTERM, then SIGKILL after 30 s); the data directory stays. */
  stop(): Promise<void>;
}

/** Spawns the server with `args` and waits until it accepts connections on `url`. */
async function launch(
  binary: string,
  args: readonly string[],
  options: { url: string; signal?: AbortSignal },
): Promise<LaunchedServer> {
  let output = '';
  // Its own process group, so a terminal's Ctrl-C reaches only npm start, which stops it in order.
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const owned = { child, group: true };
  const releaseChild = ownChild(child, owned);
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-16_000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-16_000)));
  // Never keep a caller's event loop alive just for the server.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

  try {
    await waitUntilReady(options.url, child, () => output.slice(-4000), START_TIMEOUT_MS, options.signal);
  } catch (error) {
    const exited = once(child, 'exit');
    child.ref(); // an unreferenced child would not keep this process alive until its exit
    if (killNow(owned)) await exited;
    releaseChild();
    throw error;
  }
  const pid = child.pid ?? -1;
  return {
    pid,
    stop: async () => {
      await stopProcess(pid);
      releaseChild();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a server by pid (usable from another process, e.g. jest's global teardown) and removes its files. */
export async function stopServer(pid: number, baseDir: string, timeoutMs = 30_000): Promise<void> {
  await stopProcess(pid, timeoutMs);
  rmSync(baseDir, { recursive: true, force: true });
}

async function stopProcess(pid: number, timeoutMs = 30_000): Promise<void> {
  if (pid > 0 && isAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}
