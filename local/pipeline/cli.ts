/**
 * `npm start`: the whole zero-ETL pipeline on this machine (see docs/local.md).
 * Thin edge: parse arguments, run the orchestrator, print, map errors and signals to exit codes.
 */
import { MysqlServerError } from '../dataplane/mysql-server';
import { releaseAllNow } from '../../shared/owned-resources';
import { MysqlConnectionError, MysqlUrlError } from '../../shared/mysql-connect';
import { parseStartArgs, START_USAGE, type StartOptions } from './args';
import { LocalPipelineError, UsageError } from '../dataplane/errors';
import { startPipeline, type Pipeline } from './pipeline';
import {
  formatMs,
  renderAnalytics,
  renderIngest,
  renderPreflight,
  renderProgress,
  renderSummary,
} from './report';

const print = (text = '') => process.stdout.write(`${text}\n`);

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Thrown when a stop signal arrives before the run is done. */
class Interrupted extends LocalPipelineError {
  constructor(readonly signal: string) {
    super(`Interrupted by ${signal}; everything stopped.`);
    this.name = 'Interrupted';
  }
}

/**
 * The first SIGINT/SIGTERM/SIGHUP aborts `controller` (a start in progress stops what it started and
 * rejects) and rejects the returned promise (later phases race it, then stop the pipeline in order). A
 * second signal does not wait: it kills the throwaway server and removes every temp folder at once,
 * then exits.
 */
function stopSignal(controller: AbortController): Promise<never> {
  let received: string | undefined;
  const promise = new Promise<never>((_, reject) => {
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (received) {
          releaseAllNow();
          process.stderr.write(`Second ${signal}: stopped at once; the throwaway server was killed.\n`);
          process.exit(130);
        }
        received = signal;
        const interrupted = new Interrupted(signal);
        controller.abort(interrupted);
        reject(interrupted);
      });
    }
  });
  promise.catch(() => undefined); // Only awaited through Promise.race.
  return promise;
}

/** Runs one ingestion and prints it; false when the function reported a failure (statusCode 500). */
async function ingestOnce(pipeline: Pipeline): Promise<boolean> {
  const { result, durationMs } = await pipeline.ingest();
  print(renderIngest(result, durationMs));
  return result.statusCode !== 500;
}

async function report(pipeline: Pipeline): Promise<void> {
  print();
  print(renderAnalytics(await pipeline.analytics()));
  print();
  print(renderSummary(await pipeline.summary()));
}

/**
 * Keeps replicating, ingests on schedule and shows progress until a stop signal; resolves with the
 * number of ingestions that failed.
 */
async function watch(pipeline: Pipeline, options: StartOptions, stopped: Promise<never>): Promise<number> {
  let failures = 0;
  let nextIngestAt = Date.now() + options.intervalMs;
  let ingesting = false;
  const tty = Boolean(process.stdout.isTTY);
  const status = () =>
    renderProgress({
      changesApplied: pipeline.replicator.progress().changesApplied,
      lag: pipeline.replicator.lag.current(),
      nextIngestInMs: Math.max(0, nextIngestAt - Date.now()),
      ingesting,
    });
  print(`\nWatching: ingestion every ${formatMs(options.intervalMs)}; Ctrl-C stops.`);
  // On a terminal one status line rewritten every second; in logs one line per ingestion and per 30 s.
  const progress = setInterval(() => tty && process.stdout.write(`\r${status()}\x1b[K`), 1000);
  const logLine = setInterval(() => !tty && print(status()), 30_000);
  const schedule = setInterval(async () => {
    if (ingesting || Date.now() < nextIngestAt) return;
    ingesting = true;
    try {
      if (tty) process.stdout.write('\r\x1b[K');
      if (!(await ingestOnce(pipeline))) failures++;
    } catch (error) {
      failures++;
      print(`Ingestion failed: ${(error as Error).message}`);
    } finally {
      ingesting = false;
      nextIngestAt = Date.now() + options.intervalMs;
      if (!tty) print(status());
    }
  }, 250);
  await stopped.catch(() => undefined);
  clearInterval(progress);
  clearInterval(logLine);
  clearInterval(schedule);
  if (tty) process.stdout.write('\r\x1b[K');
  print('Stopping…');
  await report(pipeline);
  return failures;
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseStartArgs(argv, process.env);
  if (options.help) {
    print(START_USAGE);
    return 0;
  }
  const started = performance.now();
  const controller = new AbortController();
  const stopped = stopSignal(controller);
  // Not raced against `stopped`: an interrupted start stops what it started, then rejects.
  const pipeline = await startPipeline({
    mysqlUrl: options.mysqlUrl,
    apiUrl: options.apiUrl,
    database: options.database,
    seed: options.seed,
    log: print,
    // The function logs at LOG_LEVEL=warn locally: only its warnings and errors show up. Its EMF
    // metric documents (CloudWatch's input, always on stdout) are summarised by the run table instead.
    onLambdaLog: (line) => {
      if (!line.startsWith('{"_aws":')) print(`lambda | ${line}`);
    },
    signal: controller.signal,
  });
  let failedIngestions = 0;
  try {
    if (pipeline.preflight) print(renderPreflight(pipeline.preflight));
    const snapshotRows = [...pipeline.replicator.progress().snapshot.rows.values()].reduce(
      (a, b) => a + b,
      0,
    );
    print(`API: ${pipeline.apiUrl}`);
    print(
      `Warehouse: PGlite schema "${pipeline.database}"; snapshot of ${snapshotRows} rows; binlog replication running`,
    );
    if (!(await Promise.race([ingestOnce(pipeline), stopped]))) failedIngestions++;
    if (options.watch) failedIngestions += await watch(pipeline, options, stopped);
    else await Promise.race([report(pipeline), stopped]);
  } finally {
    await pipeline.stop();
  }
  print(`\nDone in ${formatMs(performance.now() - started)}; everything stopped.`);
  if (failedIngestions > 0) {
    process.stderr.write(
      `The ingestion failed ${failedIngestions === 1 ? 'once' : `${failedIngestions} times`} (statusCode 500, see its errors above): exit 1.\n`,
    );
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof Interrupted) {
        process.stderr.write(`${error.message}\n`);
        process.exit(130);
      }
      if (error instanceof UsageError || error instanceof MysqlUrlError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      if (
        error instanceof MysqlServerError ||
        error instanceof MysqlConnectionError ||
        error instanceof LocalPipelineError
      ) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
