/**
 * A Lambda execution environment for Node.js handlers: a worker thread with its own module cache,
 * environment variables and memory limit, which loads the handler once (the cold start) and keeps it
 * between invocations, one invocation at a time, as Lambda does ("Understanding the Lambda execution
 * environment lifecycle", AWS Lambda Developer Guide). What the function writes to stdout/stderr is
 * its log, attributed to the invocation that wrote it. A timeout ends the environment (Lambda
 * replaces a timed-out environment). Shared by the local pipeline (npm start) and the local cloud.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';

export interface ExecutionEnvironmentOptions {
  /** The handler module (.js, .cjs or .mjs). */
  readonly moduleFile: string;
  /** The exported function's name, e.g. `handler`. */
  readonly exportName: string;
  readonly env: Readonly<Record<string, string>>;
  /** Heap limit, as the function's memory setting. @default - Node's default */
  readonly memoryMb?: number;
  /** What the `context` reports. */
  readonly functionName: string;
  readonly functionArn: string;
  /** Each log line as it is written. @default - not forwarded */
  readonly onLog?: (line: string) => void;
}

export type InvocationOutcome =
  | { readonly kind: 'result'; readonly result: unknown }
  /** The handler threw or could not load (errorType as Lambda's Node.js runtime names it). */
  | {
      readonly kind: 'error';
      readonly errorType: string;
      readonly errorMessage: string;
      readonly trace: string[];
    }
  | { readonly kind: 'timeout' }
  /** The environment died (out of memory, process.exit). */
  | { readonly kind: 'crash'; readonly errorMessage: string };

export interface Invocation {
  readonly requestId: string;
  readonly outcome: InvocationOutcome;
  /** Everything the function logged during this invocation. */
  readonly log: string;
  readonly durationMs: number;
}

export interface ExecutionEnvironment {
  invoke(
    event: unknown,
    options: { readonly timeoutMs: number; readonly requestId?: string },
  ): Promise<Invocation>;
  /** False after a timeout or crash: the environment must not be reused. */
  readonly usable: boolean;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
let current;
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, callback) => {
    parentPort.postMessage({ log: String(chunk), id: current });
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    return true;
  };
}
const describe = (error) => ({
  errorType: (error && error.name) || 'Error',
  errorMessage: (error && error.message) || String(error),
  trace: String((error && error.stack) || error).split('\\n'),
});
let handler;
const load = async () => {
  if (handler) return handler;
  let module;
  try {
    module = workerData.moduleFile.endsWith('.mjs')
      ? await import(pathToFileURL(workerData.moduleFile).href)
      : require(workerData.moduleFile);
  } catch (error) {
    throw Object.assign(describe(error), { errorType: 'Runtime.ImportModuleError' });
  }
  const found = module[workerData.exportName] ?? (module.default && module.default[workerData.exportName]);
  if (typeof found !== 'function') {
    throw {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: workerData.handlerName + ' is undefined or not exported',
      trace: [],
    };
  }
  return (handler = found);
};
parentPort.on('message', async ({ id, event, deadline }) => {
  current = id;
  const context = {
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: workerData.functionArn,
    memoryLimitInMB: String(workerData.memoryMb || 128),
    awsRequestId: id,
    logGroupName: '/aws/lambda/' + workerData.functionName,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const fn = await load();
    const result = await fn(event, context);
    parentPort.postMessage({ id, result: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.errorType && error.trace ? error : describe(error) });
  }
});
`;

interface WorkerMessage {
  readonly id?: string;
  readonly log?: string;
  readonly result?: unknown;
  readonly error?: { errorType: string; errorMessage: string; trace: string[] };
}

export function startExecutionEnvironment(options: ExecutionEnvironmentOptions): ExecutionEnvironment {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      moduleFile: options.moduleFile,
      exportName: options.exportName,
      handlerName: `${options.moduleFile.replace(/^.*\//, '').replace(/\.[cm]?js$/, '')}.${options.exportName}`,
      functionName: options.functionName,
      functionArn: options.functionArn,
      memoryMb: options.memoryMb,
    },
    env: { ...options.env },
    ...(options.memoryMb ? { resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } } : {}),
  });
  let usable = true;
  let pending: { id: string; log: string[]; settle: (outcome: InvocationOutcome) => void } | undefined;
  worker.on('message', (message: WorkerMessage) => {
    if (message.log !== undefined) {
      for (const line of message.log.split('\n')) if (line.trim()) options.onLog?.(line);
      if (pending && message.id === pending.id) pending.log.push(message.log);
      return;
    }
    if (!pending || message.id !== pending.id) return;
    if (message.error) pending.settle({ kind: 'error', ...message.error });
    else pending.settle({ kind: 'result', result: message.result });
  });
  const die = (errorMessage: string) => {
    usable = false;
    pending?.settle({ kind: 'crash', errorMessage });
  };
  worker.on('error', (error) => die(error.message));
  worker.on('exit', (code) => die(`the runtime exited with code ${code}`));

  return {
    get usable() {
      return usable;
    },
    invoke(event, { timeoutMs, requestId = randomUUID() }) {
      if (!usable) throw new Error('this execution environment has ended');
      if (pending) throw new Error('an execution environment runs one invocation at a time');
      const started = performance.now();
      return new Promise<Invocation>((resolve) => {
        const log: string[] = [];
        const timer = setTimeout(() => {
          usable = false;
          settle({ kind: 'timeout' });
          void worker.terminate();
        }, timeoutMs);
        const settle = (outcome: InvocationOutcome) => {
          if (!pending || pending.id !== requestId) return;
          clearTimeout(timer);
          pending = undefined;
          resolve({ requestId, outcome, log: log.join(''), durationMs: performance.now() - started });
        };
        pending = { id: requestId, log, settle };
        worker.postMessage({ id: requestId, event, deadline: Date.now() + timeoutMs });
      });
    },
    async close() {
      usable = false;
      await worker.terminate();
    },
  };
}
