/**
 * Runs the real ingestion Lambda on this machine: the same esbuild bundle that is deployed
 * (`bundleLambda`), loaded in an execution environment (execution-environment.ts: a worker thread
 * with its own module cache, environment variables and connection pool, kept between invocations
 * and torn down, with every socket it opened, by `close()`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLambda } from '../../lambda/bundle';
import { CACHE_DIR } from '../../paths';
import { INGEST_DEFAULTS, renderIngestEnvironment } from '../../lambda/src/env-vars';
import type { HandlerResult } from '../../lambda/src/report';
import { LocalPipelineError } from './errors';
import { startExecutionEnvironment } from './execution-environment';
import { ownFolder } from '../../shared/owned-resources';

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

const FUNCTION_NAME = 'zero-etl-ingest-local';

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
  const environment = startExecutionEnvironment({
    moduleFile: entry,
    exportName: 'handler',
    env: options.env,
    functionName: FUNCTION_NAME,
    functionArn: `arn:aws:lambda:local:000000000000:function:${FUNCTION_NAME}`,
    memoryMb: 512,
    onLog: options.onLog,
  });
  return {
    async invoke(event: unknown) {
      if (!environment.usable) throw new LocalPipelineError('The Lambda environment was shut down.');
      const { outcome } = await environment.invoke(event, { timeoutMs: INVOCATION_TIMEOUT_MS });
      switch (outcome.kind) {
        case 'result':
          return outcome.result as LambdaResult;
        case 'error':
          throw new LocalPipelineError(
            `The Lambda threw: ${outcome.trace.join('\n') || outcome.errorMessage}`,
          );
        case 'timeout':
          throw new LocalPipelineError(`The Lambda did not answer within ${INVOCATION_TIMEOUT_MS} ms.`);
        case 'crash':
          throw new LocalPipelineError(`The Lambda environment was shut down (${outcome.errorMessage}).`);
      }
    },
    async close() {
      await environment.close();
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
