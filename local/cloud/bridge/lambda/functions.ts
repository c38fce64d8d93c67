/**
 * Lambda's Invoke for the local cloud: the function's deployment package is unpacked once per code
 * hash and run by the data plane's execution environment with what the Lambda runtime itself provides
 * ("Defined runtime environment variables", AWS Lambda Developer Guide: AWS_REGION, the function's
 * name, memory and log group, the role session's credentials, _HANDLER, LAMBDA_TASK_ROOT, TZ), plus what
 * the local cloud provides in place of AWS: AWS_ENDPOINT_URL (the SDK reaches the local cloud) and
 * DB_CA_BUNDLE (the local cloud's CA, as AWS's RDS CA bundle is to a function in AWS; the ingestion
 * function reads it: lambda/src/env-vars.ts). Environments
 * are reused for the same code and configuration, one invocation at a time; a timed-out one is
 * replaced. Answers are shaped like Invoke's ("Invoke", AWS Lambda API Reference; "Troubleshoot
 * invocation issues in Lambda" for the timeout's errorType).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startExecutionEnvironment,
  type ExecutionEnvironment,
  type Invocation,
} from '../../../dataplane/execution-environment';
import { ownFolder } from '../../../../shared/owned-resources';
import type { InvokeFunctionRequest, InvokeFunctionResponse } from '../contract';
import { INGEST_ENV } from '../../../../lambda/src/env-vars';
import { unzipInto } from './zip';
import { LocalCloudError } from '../../errors';

export class FunctionCodeError extends LocalCloudError {
  constructor(
    readonly code: 'CodeNotFound' | 'InvalidParameter',
    message: string,
  ) {
    super(message);
    this.name = 'FunctionCodeError';
  }
}

/** LogResult holds the last 4 KB of the log (Invoke, LogType Tail). */
const LOG_TAIL_BYTES = 4096;

export interface FunctionRuntimeOptions {
  /** The local cloud endpoint the function's AWS SDK calls. */
  readonly endpointUrl: string;
  /** The CA file functions trust for database TLS (DB_CA_BUNDLE). */
  readonly caFile: string;
  readonly log?: (line: string) => void;
}

export class FunctionRuntime {
  private readonly root = mkdtempSync(join(tmpdir(), 'zero-etl-local-cloud-lambda-'));
  private readonly releaseRoot = ownFolder(this.root);
  private readonly code = new Map<string, string>();
  private readonly idle = new Map<string, ExecutionEnvironment[]>();
  private readonly all = new Set<ExecutionEnvironment>();

  constructor(private readonly options: FunctionRuntimeOptions) {}

  async invoke(request: InvokeFunctionRequest): Promise<InvokeFunctionResponse> {
    if (!/^nodejs\d+\.x$/.test(request.runtime)) {
      throw new FunctionCodeError(
        'InvalidParameter',
        `runtime ${request.runtime} does not run in the local cloud (Node.js only)`,
      );
    }
    const taskRoot = this.codeFolder(request);
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          request.functionArn,
          request.codeSha256,
          request.handler,
          request.runtime,
          request.environment,
          request.memoryMb,
          request.timeoutSeconds,
          request.credentials,
        ]),
      )
      .digest('hex');
    const environment = this.idle.get(key)?.pop() ?? this.start(request, taskRoot);
    let event: unknown;
    try {
      event = JSON.parse(request.payload || '{}');
    } catch {
      throw new FunctionCodeError('InvalidParameter', 'the payload is not JSON');
    }
    const invocation = await environment.invoke(event, { timeoutMs: request.timeoutSeconds * 1000 });
    if (environment.usable) this.idle.set(key, [...(this.idle.get(key) ?? []), environment]);
    else {
      this.all.delete(environment);
      await environment.close();
    }
    return this.answer(request, invocation);
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((environment) => environment.close()));
    this.all.clear();
    this.idle.clear();
    rmSync(this.root, { recursive: true, force: true });
    this.releaseRoot();
  }

  private codeFolder(request: InvokeFunctionRequest): string {
    const known = this.code.get(request.codeSha256);
    if (known) return known;
    if (!request.code)
      throw new FunctionCodeError('CodeNotFound', `no code with CodeSha256 ${request.codeSha256}: send it`);
    const zip = Buffer.from(request.code, 'base64');
    const sha256 = createHash('sha256').update(zip).digest('base64');
    if (sha256 !== request.codeSha256) {
      throw new FunctionCodeError(
        'InvalidParameter',
        `the code's SHA-256 is ${sha256}, not ${request.codeSha256}`,
      );
    }
    const folder = join(this.root, String(this.code.size));
    unzipInto(zip, folder);
    this.code.set(request.codeSha256, folder);
    return folder;
  }

  private start(request: InvokeFunctionRequest, taskRoot: string): ExecutionEnvironment {
    const dot = request.handler.lastIndexOf('.');
    const modulePath = join(taskRoot, request.handler.slice(0, dot));
    const moduleFile =
      ['.js', '.mjs', '.cjs'].map((ext) => modulePath + ext).find(existsSync) ?? `${modulePath}.js`;
    const name = request.functionArn.split(':').pop()!.split(':')[0];
    const environment = startExecutionEnvironment({
      moduleFile,
      exportName: request.handler.slice(dot + 1),
      functionName: name,
      functionArn: request.functionArn,
      memoryMb: request.memoryMb,
      env: {
        ...request.environment,
        AWS_REGION: request.region,
        AWS_DEFAULT_REGION: request.region,
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(request.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
        AWS_LAMBDA_LOG_STREAM_NAME: 'local-cloud',
        AWS_EXECUTION_ENV: `AWS_Lambda_${request.runtime}`,
        AWS_ACCESS_KEY_ID: request.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: request.credentials.secretAccessKey,
        ...(request.credentials.sessionToken ? { AWS_SESSION_TOKEN: request.credentials.sessionToken } : {}),
        AWS_ENDPOINT_URL: this.options.endpointUrl,
        [INGEST_ENV.dbCaBundle]: this.options.caFile,
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: request.handler,
        TZ: ':UTC',
      },
    });
    this.all.add(environment);
    return environment;
  }

  private answer(request: InvokeFunctionRequest, invocation: Invocation): InvokeFunctionResponse {
    const { outcome, requestId } = invocation;
    const seconds = request.timeoutSeconds.toFixed(2);
    const report =
      `START RequestId: ${requestId} Version: $LATEST\n${invocation.log}` +
      (outcome.kind === 'timeout'
        ? `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds\n`
        : '') +
      `END RequestId: ${requestId}\n` +
      `REPORT RequestId: ${requestId}\tDuration: ${invocation.durationMs.toFixed(2)} ms\t` +
      `Billed Duration: ${Math.ceil(invocation.durationMs)} ms\tMemory Size: ${request.memoryMb} MB\n`;
    const tail = Buffer.from(report).subarray(-LOG_TAIL_BYTES);
    const logResult = request.logType === 'Tail' ? tail.toString('base64') : undefined;
    const base = { executedVersion: '$LATEST', ...(logResult ? { logResult } : {}) };
    switch (outcome.kind) {
      case 'result':
        return { ...base, payload: JSON.stringify(outcome.result) };
      case 'error':
        return {
          ...base,
          functionError: 'Unhandled',
          payload: JSON.stringify({
            errorType: outcome.errorType,
            errorMessage: outcome.errorMessage,
            trace: outcome.trace,
          }),
        };
      case 'timeout':
        return {
          ...base,
          functionError: 'Unhandled',
          payload: JSON.stringify({
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
          }),
        };
      case 'crash':
        return {
          ...base,
          functionError: 'Unhandled',
          payload: JSON.stringify({
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: ${requestId} Error: ${outcome.errorMessage}`,
          }),
        };
    }
  }
}
