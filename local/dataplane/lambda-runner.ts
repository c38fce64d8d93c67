/**
 * Runs the real ingestion Lambda on this machine: the same esbuild bundle that is deployed
 * (`bundleLambda`), loaded in a worker thread that plays the Lambda execution environment — its own
 * module cache, environment variables and connection pool, frozen between invocations and torn
 * down (with every socket it opened) by `close()`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleLambda } from '../../lambda/bundle';
import { CACHE_DIR } from '../../paths';
import { INGEST_DEFAULTS, renderIngestEnvironment } from '../../lambda/src/env-vars';
import type { HandlerResult } from '../../lambda/src/report';
import { LocalPipelineError } from './errors';
import { ownFolder } from './owned-resources';

/** What an invocation returns (the contract: lambda/src/report.ts; `body` is a RunBody as JSON). */
export type LambdaResult = HandlerResult;

/** Per-invocation timeout, like the function's configured timeout in AWS. */
const INVOCATION_TIMEOUT_MS = 300_000;

export interface LambdaRunnerOptions {
  /** The function's environment (API_BASE_URL, DB_HOST, …), as configured in AWS. */
  readonly env: Readonly<Record<string, string>>;
  /** Receives each line the function logs (JSON lines). @default - dropped */
  readonly onLog?: (line: string) => void;
}

export interface LambdaRunner {
  invoke(event: unknown): Promise<LambdaResult>;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { handler } = require(workerData.entry);
parentPort.on('message', async ({ id, event, deadline, requestId }) => {
  const context = {
    functionName: 'zero-etl-ingest-local',
    functionVersion: '$LATEST',
    awsRequestId: requestId,
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:zero-etl-ingest-local',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/zero-etl-ingest-local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    parentPort.postMessage({ id, result: await handler(event, context) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
});
`;

/** Bundles the function and starts its execution environment. */
export function startLambdaRunner(options: LambdaRunnerOptions): LambdaRunner {
  // Inside the project so the bundle's externals (the AWS SDK) resolve from node_modules, as in the runtime.
  mkdirSync(CACHE_DIR, { recursive: true });
  // The pid in the name tells whose bundle it is (a test checks an interrupted run left none behind).
  const outDir = mkdtempSync(join(CACHE_DIR, `zero-etl-lambda-${process.pid}-`));
  const releaseFolder = ownFolder(outDir);
  const removeBundle = () => {
    rmSync(outDir, { recursive: true, force: true });
    releaseFolder();
  };
  const { entry } = bundleLambda(outDir);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { entry },
    env: { ...options.env },
    stdout: true,
    stderr: true,
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) options.onLog?.(line);
  };
  worker.stdout.on('data', forward);
  worker.stderr.on('data', forward);

  const pending = new Map<
    string,
    { resolve: (result: LambdaResult) => void; reject: (error: Error) => void }
  >();
  worker.on('message', (message: { id: string; result?: LambdaResult; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined)
      waiter?.reject(new LocalPipelineError(`The Lambda threw: ${message.error}`));
    else waiter?.resolve(message.result as LambdaResult);
  });
  const failPending = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', failPending);
  worker.on('exit', () => failPending(new LocalPipelineError('The Lambda environment was shut down.')));

  return {
    invoke(event: unknown) {
      const id = randomUUID();
      return new Promise<LambdaResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new LocalPipelineError(`The Lambda did not answer within ${INVOCATION_TIMEOUT_MS} ms.`));
        }, INVOCATION_TIMEOUT_MS);
        const settle =
          <T>(fn: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            fn(value);
          };
        pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
        worker.postMessage({ id, event, deadline: Date.now() + INVOCATION_TIMEOUT_MS, requestId: id });
      });
    },
    async close() {
      await worker.terminate();
      removeBundle();
    },
  };
}

/** The function's environment for a local source and API (credentials in env, no TLS, as documented). */
export function localLambdaEnv(sourceUrl: string, database: string, apiUrl: string): Record<string, string> {
  const url = new URL(sourceUrl);
  return renderIngestEnvironment({
    apiBaseUrl: apiUrl,
    db: {
      host: url.hostname,
      port: url.port ? Number(url.port) : INGEST_DEFAULTS.dbPort,
      name: database,
      credentials: {
        kind: 'password',
        user: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password),
      },
      ssl: false,
    },
    batchSize: INGEST_DEFAULTS.batchSize,
    httpTimeoutMs: INGEST_DEFAULTS.httpTimeoutMs,
    httpRetries: INGEST_DEFAULTS.httpRetries,
    // The terminal shows the pipeline's own summary; the function's info lines would drown it.
    logLevel: 'warn',
  });
}
