/**
 * A private moto server (getmoto/moto in server mode, from `.venv/`) on a free 127.0.0.1 port.
 *
 * It runs as the stacks' account (`MOTO_ACCOUNT_ID`), with AWS's managed policies loaded (without
 * them AttachRolePolicy of `arn:aws:iam::aws:policy/...` fails) and, optionally, with IAM enforced
 * after the first few requests (`INITIAL_NO_AUTH_ACTION_COUNT`): `createAdmin()` spends exactly
 * those on an administrator user, so everything afterwards is signed and checked. Lambda uses
 * moto's docker-less backend, which answers invocations from a queue (`queueLambdaResults`).
 * moto is started through moto_server.py, which fixes moto 5.2.5's signature check of bodyless
 * GET/HEAD/DELETE requests (see there). `stop()` ends the process it started; so does the exit of
 * the process that started it.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../dataplane/mysql-server';
import { pythonTool } from '../../../shared/python-tools';
import { awsJson } from '../aws-cli';
import { type AwsCredentials } from '../terraform/override';

export class MotoServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotoServerError';
  }
}

export interface MotoServerOptions {
  /** The account every request runs in (the stacks' `allowed_account_ids`). */
  readonly accountId: string;
  /** Enforce IAM after this many requests; `createAdmin()` needs exactly 3. @default - never enforced */
  readonly requestsBeforeIamEnforcement?: number;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
  /** Start moto without moto_server.py's signature fix (to show the bug it fixes). @default false */
  readonly unpatched?: boolean;
}

const LAUNCHER = resolve(__dirname, 'moto_server.py');

export interface MotoServer {
  readonly url: string;
  readonly pid: number;
  readonly accountId: string;
  /** Its request log (removed by `stop()`). */
  readonly logFile: string;
  /** Creates an IAM user with AdministratorAccess and an access key; spends 3 unauthenticated requests. */
  createAdmin(userName: string): Promise<AwsCredentials & { readonly arn: string }>;
  /** Queues what the docker-less Lambda backend answers to the next invocations, in order. */
  queueLambdaResults(results: readonly unknown[], region?: string): Promise<void>;
  /** The last lines of the request log, for error messages. */
  logTail(lines?: number): string;
  /** Ends the server; its request log is removed unless `keepLog`. */
  stop(options?: { keepLog?: boolean }): Promise<void>;
}

/** Credentials for the unauthenticated requests before enforcement starts (never checked). */
const BEFORE_ENFORCEMENT: AwsCredentials = {
  accessKeyId: 'AKIALOCALCLOUDBOOTSTRAP',
  secretAccessKey: 'unchecked-before-iam-enforcement',
};

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new MotoServerError(`POST ${url} answered ${response.status}: ${await response.text()}`);
  }
}

export async function startMotoServer(options: MotoServerOptions): Promise<MotoServer> {
  const python = pythonTool('python');
  const logDir = mkdtempSync(join(tmpdir(), 'zero-etl-moto-'));
  const logFile = join(logDir, 'moto.log');
  const logFd = openSync(logFile, 'a');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|MOTO_|TEST_SERVER_MODE)/.test(name)) env[name] = value;
  }
  // Its stdin is a pipe this process never writes: when this process is gone, moto ends too.
  const launcher = [LAUNCHER, '--exit-when-stdin-closes', ...(options.unpatched ? ['--unpatched'] : [])];
  const child = spawn(python, [...launcher, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', logFd, logFd],
    env: {
      ...env,
      MOTO_ACCOUNT_ID: options.accountId,
      MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
      ...(options.requestsBeforeIamEnforcement === undefined
        ? {}
        : { INITIAL_NO_AUTH_ACTION_COUNT: String(options.requestsBeforeIamEnforcement) }),
    },
  });
  closeSync(logFd);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const logTail = (lines = 40) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  let stopped: Promise<void> | undefined;
  const stop = ({ keepLog = false } = {}) =>
    (stopped ??= new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      const done = () => {
        if (!keepLog) rmSync(logDir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    }));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new MotoServerError(
          `moto_server exited with code ${child.exitCode} while starting:\n${logTail()}`,
        );
      }
      try {
        if ((await fetch(`${url}/moto-api/config`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new MotoServerError(
          `moto_server did not answer on ${url} within the start timeout:\n${logTail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Before anything is created: functions live in a separate store per Lambda backend.
    await post(`${url}/moto-api/config`, { lambda: { use_docker: false } });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    pid: child.pid ?? -1,
    accountId: options.accountId,
    logFile,
    logTail,
    stop,
    async createAdmin(userName) {
      const aws = (args: string[]) => awsJson(url, BEFORE_ENFORCEMENT, args);
      const user = (await aws(['iam', 'create-user', '--user-name', userName])) as { User: { Arn: string } };
      await aws([
        'iam',
        'attach-user-policy',
        '--user-name',
        userName,
        '--policy-arn',
        'arn:aws:iam::aws:policy/AdministratorAccess',
      ]);
      const key = (await aws(['iam', 'create-access-key', '--user-name', userName])) as {
        AccessKey: { AccessKeyId: string; SecretAccessKey: string };
      };
      return {
        arn: user.User.Arn,
        accessKeyId: key.AccessKey.AccessKeyId,
        secretAccessKey: key.AccessKey.SecretAccessKey,
      };
    },
    async queueLambdaResults(results, region = 'us-east-1') {
      await post(`${url}/moto-api/static/lambda-simple/response`, {
        account_id: options.accountId,
        region,
        results: results.map((result) => (typeof result === 'string' ? result : JSON.stringify(result))),
      });
    },
  };
}
