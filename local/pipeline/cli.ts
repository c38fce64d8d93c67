/**
 * `npm start`: the whole zero-ETL pipeline on this machine (see docs/local.md).
 * Thin edge: parse arguments, run the orchestrator, print, map errors and signals to exit codes.
 */
import { MysqlServerError } from '../dataplane/mysql-server';
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
 * Rejects on the first SIGINT/SIGTERM/SIGHUP; a second signal exits at once (the exit hooks still
 * kill the throwaway server).
 */
function stopSignal(): Promise<never> {
  let received: string | undefined;
  const promise = new Promise<never>((_, reject) => {
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (received) process.exit(130);
        received = signal;
        reject(new Interrupted(signal));
      });
    }
  });
  promise.catch(() => undefined); // Only awaited through Promise.race.
  return promise;
}

async function ingestOnce(pipeline: Pipeline): Promise<void> {
  const { result, durationMs } = await pipeline.ingest();
  print(renderIngest(result, durationMs));
}

async function report(pipeline: Pipeline): Promise<void> {
  print();
  print(renderAnalytics(await pipeline.analytics()));
  print();
  print(renderSummary(await pipeline.summary()));
}

/** Keeps replicating, ingests on schedule and shows progress until a stop signal. */
async function watch(pipeline: Pipeline, options: StartOptions, stopped: Promise<never>): Promise<void> {
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
      await ingestOnce(pipeline);
    } catch (error) {
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
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseStartArgs(argv, process.env);
  if (options.help) {
    print(START_USAGE);
    return 0;
  }
  const started = performance.now();
  const stopped = stopSignal();
  const pipeline = await Promise.race([
    startPipeline({
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
    }),
    stopped,
  ]);
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
    await Promise.race([ingestOnce(pipeline), stopped]);
    if (options.watch) await watch(pipeline, options, stopped);
    else await Promise.race([report(pipeline), stopped]);
  } finally {
    await pipeline.stop();
  }
  print(`\nDone in ${formatMs(performance.now() - started)}; everything stopped.`);
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
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      if (error instanceof MysqlServerError || error instanceof LocalPipelineError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
