/**
 * Test harness for the deploy-step scripts: puts a scripted `aws` executable (test/harness/bin/aws) first
 * on PATH, driven by a scenario of scripted answers, and reads back every call it recorded.
 *
 * The scripted aws checks itself against AWS's published service models: `cleanup()` hands every recorded
 * call and every scripted answer to test/harness/aws-cli-models.py, which runs each call through the
 * AWS CLI's own parser and request validation (awscli 1.46 and its botocore models, from `.venv/`)
 * and holds each JSON answer to the operation's output shape. A misspelt operation or option, a
 * parameter of the wrong shape, or an answer field the API does not have fails the test.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pythonTool } from '../../shared/python-tools';

export const SCRIPTED_AWS_BIN = resolve(__dirname, 'bin');
const MODEL_CHECK = resolve(__dirname, 'aws-cli-models.py');

/** One scripted answer of the scripted CLI. */
export interface ScriptedAwsAnswer {
  /** Printed on stdout (objects as JSON). @default - nothing */
  readonly stdout?: unknown;
  /** Printed on stderr. @default - nothing */
  readonly stderr?: string;
  /** @default 0 */
  readonly exitCode?: number;
  /** Written as JSON to the last positional argument (`aws lambda invoke … <outfile>`). @default - nothing */
  readonly outfile?: unknown;
}

/** Answers per `"<service> <operation>"`, used in order; the last one repeats. */
export type ScriptedAwsScenario = Readonly<Record<string, readonly ScriptedAwsAnswer[]>>;

export interface ScriptedAwsCall {
  /** `"<service> <operation>"`, e.g. `"rds reboot-db-instance"`. */
  readonly key: string;
  readonly args: readonly string[];
  /** `--name value` pairs; flags without a value are `true`. */
  readonly options: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
}

export interface ScriptResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ScriptedAws {
  /** Every call so far, in order. */
  calls(): ScriptedAwsCall[];
  /** The calls of one `"<service> <operation>"`. */
  callsTo(key: string): ScriptedAwsCall[];
  /** Runs a script with the scripted aws first on PATH and only the given variables (no real AWS settings leak in). */
  run(script: string, env: Readonly<Record<string, string>>): Promise<ScriptResult>;
  /** Removes the scenario folder, then fails if a call or an answer does not fit AWS's service models. */
  cleanup(): Promise<void>;
}

/** What a scenario answer looks like on the scripted aws's stdout and stderr. */
function printed(answer: ScriptedAwsAnswer): { stdout: string | null; stderr: string | null } {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return {
    stdout: answer.stdout === undefined ? null : text(answer.stdout),
    stderr: answer.stderr ?? null,
  };
}

/**
 * aws-cli-models.py serving one test file (jest gives each file its own copy of this module): started
 * at the first check and ended after the file's last test, so its imports (awscli and botocore, 0.8 s
 * of CPU) are paid once per file, not once per test.
 */
class ModelChecker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  private buffered = '';
  private stderr = '';
  /** The checker died (a request it could not read): the next check starts a new one. */
  ended = false;

  constructor() {
    this.child = spawn(pythonTool('python'), [MODEL_CHECK, '--serve'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() },
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) !== -1) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.waiting.shift()?.resolve(line);
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    const failAll = (error: Error) => {
      for (const request of this.waiting.splice(0)) request.reject(error);
    };
    this.child.on('error', failAll);
    // A write after the checker died fails its request through 'close', not as an unhandled error.
    this.child.stdin.on('error', () => undefined);
    this.child.on('close', (code) => {
      this.ended = true;
      failAll(new Error(`${MODEL_CHECK} ended (exit ${code}): ${this.stderr}`));
    });
  }

  check(request: unknown): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

let checker: ModelChecker | undefined;
// Registered when a test file imports the harness: the checker ends with the file.
if (typeof afterAll === 'function') afterAll(() => checker?.close());

/**
 * The problems aws-cli-models.py finds in `calls` and in the answers of `scenario` ([] when every
 * call is a real operation with real, well-formed parameters and every answer fits its output shape).
 */
export async function serviceModelProblems(
  scenario: ScriptedAwsScenario,
  calls: readonly ScriptedAwsCall[],
): Promise<string[]> {
  const request = {
    calls: calls.map((call) => call.args),
    answers: Object.entries(scenario).flatMap(([key, answers]) =>
      answers.map((answer, index) => ({ key, index, ...printed(answer) })),
    ),
  };
  if (!checker || checker.ended) checker = new ModelChecker();
  return (JSON.parse(await checker.check(request)) as { problems: string[] }).problems;
}

/** Splits recorded argv into the operation key, `--name value` options and positionals. */
export function parseAwsArgs(args: readonly string[]): ScriptedAwsCall {
  const [service, operation, ...rest] = args;
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) positionals.push(arg);
    else if (i + 1 >= rest.length || rest[i + 1].startsWith('--')) options[arg.slice(2)] = true;
    else options[arg.slice(2)] = rest[++i];
  }
  return { key: `${service} ${operation}`, args, options, positionals };
}

/** Writes the scenario as the folder of answer files the scripted aws reads (so it needs no JSON parser). */
function writeScenario(dir: string, scenario: ScriptedAwsScenario): void {
  for (const sub of ['calls', 'counters', 'answers']) mkdirSync(join(dir, sub));
  for (const [key, answers] of Object.entries(scenario)) {
    answers.forEach((answer, index) => {
      const answerDir = join(dir, 'answers', key.split(' ').join('__'), String(index));
      mkdirSync(answerDir, { recursive: true });
      const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
      if (answer.stdout !== undefined) writeFileSync(join(answerDir, 'stdout'), `${text(answer.stdout)}\n`);
      if (answer.stderr !== undefined) writeFileSync(join(answerDir, 'stderr'), `${answer.stderr}\n`);
      if (answer.outfile !== undefined) writeFileSync(join(answerDir, 'outfile'), text(answer.outfile));
      writeFileSync(join(answerDir, 'code'), String(answer.exitCode ?? 0));
    });
  }
}

export function createScriptedAws(scenario: ScriptedAwsScenario): ScriptedAws {
  const dir = mkdtempSync(join(tmpdir(), 'scripted-aws-'));
  writeScenario(dir, scenario);
  // Git may drop the executable bit on some checkouts; the scripted aws must be runnable.
  chmodSync(join(SCRIPTED_AWS_BIN, 'aws'), 0o755);

  const calls = (): ScriptedAwsCall[] =>
    readdirSync(join(dir, 'calls'))
      .sort()
      .map((file) =>
        parseAwsArgs(
          readFileSync(join(dir, 'calls', file), 'utf8')
            .split('\0')
            .slice(0, -1),
        ),
      );

  return {
    calls,
    callsTo: (key) => calls().filter((call) => call.key === key),
    run: (script, env) =>
      new Promise((done, fail) => {
        const child = spawn(script, [], {
          env: {
            PATH: `${SCRIPTED_AWS_BIN}${delimiter}${process.env.PATH ?? ''}`,
            HOME: process.env.HOME ?? dir,
            SCRIPTED_AWS_DIR: dir,
            ...env,
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', fail);
        child.on('close', (code) => done({ code, stdout, stderr }));
      }),
    cleanup: async () => {
      if (!existsSync(dir)) return;
      const recorded = calls();
      rmSync(dir, { recursive: true, force: true });
      const problems = await serviceModelProblems(scenario, recorded);
      if (problems.length > 0) {
        throw new Error(
          'The scripted aws CLI was used in a way AWS would not accept (checked against the AWS CLI ' +
            "and botocore's service models). Fix the script or the test's scenario:\n" +
            problems.map((problem) => `  - ${problem}`).join('\n'),
        );
      }
    },
  };
}
