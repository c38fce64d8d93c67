/**
 * Starts the warm AWS CLI (server.py next to this file): AWS CLI v1's modules imported once, each
 * call a fork that runs `awscli.clidriver.main()` with the caller's arguments, environment and
 * descriptors. A cold call costs about 0.9 s of CPU before its first request; a warm one about
 * 0.25 s in all. The local cloud starts one with its data plane, where the deploy steps make their
 * hundred calls, and `local/cloud/bin/aws` uses it for that local cloud's endpoint (aws-cli.ts).
 *
 * `stop()` ends it and removes its folder (socket and call log), as does this process's exit; a
 * process killed outright takes it along (the server watches its stdin pipe). A call already running
 * when it stops runs to its end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonTool } from '../../../shared/python-tools';
import { stopChild } from '../../../shared/owned-resources';
import { awsCliBaseEnvironment } from '../aws-cli';
import { LocalCloudError } from '../errors';

const SERVER = join(__dirname, 'server.py');

/** One call the warm CLI ran, from its log. */
export interface WarmAwsCliCall {
  /** The first two arguments after the wrapper's --endpoint-url (service and operation, or an option). */
  readonly args: readonly string[];
  /** `exit <code>` or `signal <number>`. */
  readonly status: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

export interface WarmAwsCli {
  /** The Unix socket `client.py` connects to (MOTO_AWS_CLI_SERVER). */
  readonly socket: string;
  readonly pid: number;
  /** The calls it ran so far. */
  calls(): WarmAwsCliCall[];
  stop(): Promise<void>;
}

export async function startWarmAwsCli({ startTimeoutMs = 60_000 } = {}): Promise<WarmAwsCli> {
  const dir = mkdtempSync(join(tmpdir(), 'zero-etl-warm-aws-cli-'));
  const socket = join(dir, 'aws.sock');
  const log = join(dir, 'calls.jsonl');
  // The environment every call's starts from: the server serves the calls whose interpreter
  // settings (locale, HOME, PYTHON*…) equal these, and sends the others to the cold CLI.
  const env = awsCliBaseEnvironment();
  const child = spawn(pythonTool('python'), [SERVER, socket, log], { stdio: ['pipe', 'pipe', 'pipe'], env });
  // Its first line: the environment it was started with (Python may rewrite LC_CTYPE as it starts).
  child.stdin.write(`${JSON.stringify(env)}\n`);
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new LocalCloudError(`the warm AWS CLI did not start within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new LocalCloudError(`the warm AWS CLI could not start: ${error.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new LocalCloudError(`the warm AWS CLI exited with code ${code} while starting:\n${stderr}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    socket,
    pid: child.pid ?? -1,
    calls() {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as WarmAwsCliCall);
    },
    stop,
  };
}
