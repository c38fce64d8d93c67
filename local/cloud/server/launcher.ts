/**
 * The local cloud: moto (getmoto/moto 5.2.5, from `.venv/`) with our extensions (the Python
 * package `local_cloud` next to this file: Redshift Serverless, the Redshift resource policy, RDS
 * zero-ETL integrations, RDS parameter-group status, every answer checked against AWS's service
 * models), in server mode on 127.0.0.1. The tier, every test and `npm run local-cloud -- serve`
 * start it through `startLocalCloud()`.
 *
 * It runs as one account (`MOTO_ACCOUNT_ID`), with AWS's managed policies loaded (without them
 * AttachRolePolicy of `arn:aws:iam::aws:policy/...` fails). With `enforceIam` every request after
 * the first three is signed and checked: those three create an administrator (`admin`), whose keys
 * sign everything afterwards. Lambda uses moto's docker-less backend, which answers invocations
 * from a queue (`queueLambdaResults`). `stop()` ends the process it started; so does the exit of the
 * process that started it (the server watches its stdin pipe).
 *
 * With `dataPlane`, the data plane's bridge (local/cloud/bridge/) runs in this process, started
 * before moto, which gets its URL in LOCAL_CLOUD_BRIDGE_URL: clusters then run on MariaDB, namespaces
 * are warehouses, integrations replicate and the Data API runs SQL (docs/local-cloud-data-plane.md).
 * `stop()` stops moto, then the bridge and everything the data plane started; the owned-resources
 * registry (shared/owned-resources.ts) kills what is left if this process exits first.
 * With the data plane (or `warmAwsCli`), this process's `aws` calls to it run in a warm AWS CLI
 * (local/cloud/warm-aws-cli/), started beside moto and stopped with it.
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../dataplane/mysql-server';
import { pythonTool } from '../../../shared/python-tools';
import { stopChild } from '../../../shared/owned-resources';
import { LOCAL_CLOUD_SERVER_DIR } from '../../../paths';
import { BRIDGE_URL_VARIABLE } from '../bridge/contract';
import { httpAccessKeyDirectory } from '../bridge/mysql-front/access-keys';
import { startBridge, type Bridge } from '../bridge/server';
import { createCertificateAuthority, type CertificateAuthority } from '../bridge/tls/certificate-authority';
import { LocalCloudError } from '../errors';
import { type AwsCredentials } from '../terraform/override';
import { useWarmAwsCli } from '../aws-cli';
import { startWarmAwsCli, type WarmAwsCli } from '../warm-aws-cli/launcher';

/** The unauthenticated requests `createAdmin()` spends before IAM enforcement starts. */
export const ADMIN_SETUP_REQUESTS = 3;
/** The administrator `enforceIam` creates. */
export const LOCAL_CLOUD_ADMIN = 'local-cloud-admin';
/** How long an asynchronous status change takes in the local cloud (CREATING → AVAILABLE …), by default. */
export const DEFAULT_TRANSITION_SECONDS = 1;

export interface LocalCloudOptions {
  /** The account every request runs in (the stacks' `allowed_account_ids`). */
  readonly accountId: string;
  /**
   * Enforce IAM from the fourth request on; the first three create {@link LOCAL_CLOUD_ADMIN}
   * (returned as `admin`). @default false - any access key works
   */
  readonly enforceIam?: boolean;
  /**
   * Enforce IAM after this many unauthenticated requests, for callers that spend them themselves
   * (`createAdmin()` needs {@link ADMIN_SETUP_REQUESTS}). Ignored with `enforceIam`.
   * @default - never enforced
   */
  readonly requestsBeforeIamEnforcement?: number;
  /** @default - a free port */
  readonly port?: number;
  /** Seconds an asynchronous status change takes. @default DEFAULT_TRANSITION_SECONDS */
  readonly transitionSeconds?: number;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
  /** Plain moto 5.2.5, without our extensions and fixes (to show what they change). @default false */
  readonly unpatched?: boolean;
  /**
   * Run the data plane behind the API (the bridge, in this process): clusters on MariaDB, warehouses,
   * integrations that replicate, Data API statements that run. @default false - the control plane only
   */
  readonly dataPlane?: boolean;
  /** Where the data plane logs (cluster starts, replication). @default - dropped */
  readonly dataPlaneLog?: (line: string) => void;
  /**
   * Run this process's `aws` calls to this local cloud (the deploy steps', through
   * local/cloud/bin/aws) in a warm AWS CLI (local/cloud/warm-aws-cli/). @default - with the data plane
   */
  readonly warmAwsCli?: boolean;
}

export interface LocalCloud {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly accountId: string;
  /** The administrator's keys when started with `enforceIam`. */
  readonly admin?: AwsCredentials & { readonly arn: string };
  /** Its request log (removed by `stop()`). */
  readonly logFile: string;
  /** The data plane's bridge, when started with `dataPlane`. */
  readonly bridge?: Bridge;
  /** The warm AWS CLI the calls to this local cloud run in, when started with `warmAwsCli`. */
  readonly warmAwsCli?: WarmAwsCli;
  /**
   * With `dataPlane`: the local cloud's CA certificate (PEM file), what clients of the cluster
   * endpoints trust (they require TLS, as Aurora MySQL 3's require_secure_transport does when set).
   */
  readonly caFile?: string;
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
    throw new LocalCloudError(`POST ${url} answered ${response.status}: ${await response.text()}`);
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const python = pythonTool('python');
  if (options.port !== undefined && !(await portIsFree(options.port))) {
    throw new LocalCloudError(
      `port ${options.port} on 127.0.0.1 is in use: choose another with --port, or omit it.`,
    );
  }
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // The bridge first: moto must know its URL when it starts, and the bridge only calls moto's
  // /moto-api/local-cloud/ routes when a cluster endpoint checks a token, long after moto is up.
  let ca: CertificateAuthority | undefined;
  let bridge: Bridge | undefined;
  const stopDataPlane = async () => {
    await bridge?.close().catch(() => undefined);
    ca?.dispose();
  };
  if (options.dataPlane && !options.unpatched) {
    try {
      ca = await createCertificateAuthority();
      bridge = await startBridge({
        ca,
        accessKeys: httpAccessKeyDirectory(url),
        endpointUrl: url,
        log: options.dataPlaneLog,
      });
    } catch (error) {
      await stopDataPlane();
      throw error;
    }
  }
  // Started beside moto (both spend their first second importing Python).
  const warmAwsCliStarting =
    (options.warmAwsCli ?? Boolean(options.dataPlane)) && !options.unpatched ? startWarmAwsCli() : undefined;
  warmAwsCliStarting?.catch(() => undefined); // awaited below
  let warmAwsCli: WarmAwsCli | undefined;
  let stopUsingWarmAwsCli = () => undefined as void;
  const stopWarmAwsCli = async () => {
    stopUsingWarmAwsCli();
    await (warmAwsCli ?? (await warmAwsCliStarting?.catch(() => undefined)))?.stop();
  };
  const logDir = mkdtempSync(join(tmpdir(), 'zero-etl-local-cloud-server-'));
  const logFile = join(logDir, 'local-cloud.log');
  const logFd = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|MOTO_|TEST_SERVER_MODE|PYTHON|LOCAL_CLOUD_)/.test(name)) env[name] = value;
  }
  const noAuthRequests = options.enforceIam ? ADMIN_SETUP_REQUESTS : options.requestsBeforeIamEnforcement;
  // Its stdin is a pipe this process never writes: when this process is gone, the server ends too.
  const flags = ['--exit-when-stdin-closes', ...(options.unpatched ? ['--unpatched'] : [])];
  const child = spawn(python, ['-m', 'local_cloud', ...flags, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', logFd, logFd],
    env: {
      ...env,
      PYTHONPATH: LOCAL_CLOUD_SERVER_DIR,
      PYTHONDONTWRITEBYTECODE: '1',
      MOTO_ACCOUNT_ID: options.accountId,
      MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
      LOCAL_CLOUD_TRANSITION_SECONDS: String(options.transitionSeconds ?? DEFAULT_TRANSITION_SECONDS),
      ...(noAuthRequests === undefined ? {} : { INITIAL_NO_AUTH_ACTION_COUNT: String(noAuthRequests) }),
      ...(bridge ? { [BRIDGE_URL_VARIABLE]: bridge.url } : {}),
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
    (stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      if (!keepLog) rmSync(logDir, { recursive: true, force: true });
      await Promise.all([stopDataPlane(), stopWarmAwsCli()]);
    })());

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new LocalCloudError(
          `the local cloud exited with code ${child.exitCode} while starting:\n${logTail()}`,
        );
      }
      try {
        if ((await fetch(`${url}/moto-api/config`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new LocalCloudError(
          `the local cloud did not answer on ${url} within the start timeout:\n${logTail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Before anything is created: functions live in a separate store per Lambda backend.
    await post(`${url}/moto-api/config`, { lambda: { use_docker: false } });
    warmAwsCli = await warmAwsCliStarting;
    if (warmAwsCli) stopUsingWarmAwsCli = useWarmAwsCli(url, warmAwsCli.socket);
  } catch (error) {
    await stop();
    throw error;
  }

  const createAdmin = async (userName: string) => {
    const iam = new IAMClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: BEFORE_ENFORCEMENT,
      maxAttempts: 1,
    });
    const { User } = await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: userName,
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return {
      arn: User!.Arn!,
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    };
  };

  let admin: (AwsCredentials & { readonly arn: string }) | undefined;
  if (options.enforceIam) {
    try {
      admin = await createAdmin(LOCAL_CLOUD_ADMIN);
    } catch (error) {
      await stop();
      throw error;
    }
  }

  return {
    url,
    port,
    pid: child.pid ?? -1,
    accountId: options.accountId,
    admin,
    logFile,
    bridge,
    warmAwsCli,
    caFile: ca?.caFile,
    logTail,
    stop,
    createAdmin,
    async queueLambdaResults(results, region = 'us-east-1') {
      await post(`${url}/moto-api/static/lambda-simple/response`, {
        account_id: options.accountId,
        region,
        results: results.map((result) => (typeof result === 'string' ? result : JSON.stringify(result))),
      });
    },
  };
}
