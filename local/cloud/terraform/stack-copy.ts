/**
 * A copy of a synthesized stack pointed at a moto server, and real `terraform` runs in it.
 *
 * The copy leaves out what moto cannot serve (prune.ts) and gets one override file
 * (override.ts); nothing is written outside the copy. Terraform and the deploy steps it runs see
 * only the environment built here: the local-cloud identity's credentials, the `aws` wrapper first on
 * PATH, and the deploy steps' settings (no CA bundle among them). Every command that uses the
 * provider runs with one provider process of its own (shared/reattached-provider.ts). Every terraform
 * and provider process started here is tracked, so a failing test can end them (`stopTerraformRuns`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OFFLINE_GO_RUNTIME,
  STACK_FILE,
  TERRAFORM_AUTOMATION_ENV,
  TerraformError,
  copySynthesizedStack,
  dropLockChecksums,
  findProviderMirror,
  renderCliConfig,
} from '../../../shared/offline-terraform';
import { stopChild } from '../../../shared/owned-resources';
import { awsProviderBlocks, providerForCommand, reconfigurable } from '../../../shared/reattached-provider';
import { awsCliEnvironment } from '../aws-cli';
import { renderMotoOverride, type AwsCredentials, type MotoOverrideOptions } from './override';
import { plannedChanges, type PlannedChange } from './plan-changes';
import { pruneForLocalCloud, type PruneResult } from './prune';

type Json = Record<string, unknown>;

export const MOTO_OVERRIDE_FILE = 'zz_moto_override.tf.json';
const CLI_CONFIG_FILE = '.terraformrc.moto';

const running = new Set<ChildProcess>();
let stopping = false;

/** Ends every terraform process this module started and still running; no new one starts afterwards. */
export async function stopTerraformRuns(): Promise<void> {
  stopping = true;
  const live = [...running].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(live.map((child) => stopChild(child)));
}

export interface TerraformRun {
  readonly command: string;
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

export interface MotoStackOptions extends Omit<
  MotoOverrideOptions,
  'forgiveRoundTripGaps' | 'liftProtection'
> {
  /** Settings for the deploy-step scripts Terraform runs (e.g. PENDING_REBOOT_WAIT_SECONDS). */
  readonly stepEnvironment?: Readonly<Record<string, string>>;
  /**
   * Keep every deploy step, `UNSUPPORTED_DEPLOY_STEPS` included: for a local cloud with its data
   * plane, whose Data API runs the SQL they send. @default false
   */
  readonly runEveryDeployStep?: boolean;
}

/** The partial backend configuration that sends a stack's own S3 backend to moto (`init -backend-config`). */
export const MOTO_S3_BACKEND_FILE = 'moto.s3.tfbackend';

function renderS3BackendConfig(endpoint: string): string {
  const url = JSON.stringify(endpoint);
  return [
    `endpoints = { s3 = ${url}, sts = ${url}, iam = ${url} }`,
    'use_path_style = true',
    'skip_metadata_api_check = true',
    '',
  ].join('\n');
}

export interface Timing {
  readonly phase: string;
  readonly seconds: number;
}

export class MotoStack {
  /** Wall time of every terraform run, in order. */
  readonly timings: Timing[] = [];
  private config: Json = {};
  private pruned!: PruneResult;
  private options: MotoStackOptions;
  private lifted = false;
  private runs = 0;

  private constructor(
    readonly name: string,
    readonly workDir: string,
    options: MotoStackOptions,
  ) {
    this.options = options;
  }

  /** Copies the synthesized `stackDir` into a new temp folder prepared for moto. */
  static create(name: string, stackDir: string, options: MotoStackOptions): MotoStack {
    const stack = new MotoStack(name, mkdtempSync(join(tmpdir(), `zero-etl-moto-${name}-`)), options);
    mkdirSync(join(stack.workDir, 'logs'));
    const mirror = findProviderMirror();
    if (mirror) writeFileSync(join(stack.workDir, CLI_CONFIG_FILE), renderCliConfig(mirror));
    stack.useConfiguration(stackDir);
    return stack;
  }

  /** What the copy leaves out, for the current configuration. */
  get leftOut(): PruneResult {
    return this.pruned;
  }

  /** The pruned configuration Terraform sees (without the override). */
  get configuration(): Json {
    return this.config;
  }

  /**
   * Replaces the copy's configuration with a (re-)synthesized `stackDir`, keeping its state and
   * providers: what an update looks like to Terraform.
   */
  useConfiguration(stackDir: string): void {
    this.pruned = pruneForLocalCloud(
      copySynthesizedStack(stackDir, this.workDir),
      this.options.runEveryDeployStep ? { deploySteps: {} } : {},
    );
    this.config = this.pruned.config;
    writeFileSync(join(this.workDir, STACK_FILE), JSON.stringify(this.config, null, 2));
    this.writeOverride();
  }

  /** Runs as another identity from now on (the provider, the backend and the deploy steps). */
  useCredentials(credentials: AwsCredentials): void {
    this.options = { ...this.options, credentials };
    this.writeOverride();
  }

  /**
   * Lifts deletion protection and prevent_destroy in the copy; returns the resources whose state
   * must be applied for it (`-target`s), e.g. the cluster's deletion_protection.
   */
  liftProtection(): string[] {
    this.lifted = true;
    return this.writeOverride();
  }

  /** Runs `fn` with the round-trip allowlist's ignore_changes removed from the override. */
  async withoutRoundTripAllowlist<T>(fn: () => Promise<T>): Promise<T> {
    this.writeOverride(false);
    try {
      return await fn();
    } finally {
      this.writeOverride();
    }
  }

  private writeOverride(forgiveRoundTripGaps = true): string[] {
    const { override, liftedAddresses } = renderMotoOverride(this.config, {
      ...this.options,
      forgiveRoundTripGaps,
      liftProtection: this.lifted,
    });
    writeFileSync(join(this.workDir, MOTO_OVERRIDE_FILE), JSON.stringify(override, null, 2));
    return [...liftedAddresses];
  }

  /**
   * The environment terraform (and every deploy step it runs) gets. `debugLog`: where TF_LOG's
   * output goes, so it never mixes with the output a run is read for (`show -json`, `state list`).
   */
  environment(debugLog?: string): NodeJS.ProcessEnv {
    const cliConfig = this.cliConfigFile;
    const go = Object.fromEntries(
      Object.entries(OFFLINE_GO_RUNTIME).map(([name, value]) => [name, process.env[name] ?? value]),
    );
    return {
      ...awsCliEnvironment(this.options.endpoint, this.options.credentials),
      ...this.options.stepEnvironment,
      // GC tuning cuts the CPU time of terraform and the provider (docs/benchmarks.md).
      ...go,
      // Debug logging passes through (TF_LOG=debug, TF_LOG_PATH=…); nothing else of the caller's TF_*.
      ...(process.env.TF_LOG ? { TF_LOG: process.env.TF_LOG } : {}),
      ...(process.env.TF_LOG && (process.env.TF_LOG_PATH ?? debugLog)
        ? { TF_LOG_PATH: process.env.TF_LOG_PATH ?? debugLog }
        : {}),
      ...TERRAFORM_AUTOMATION_ENV,
      ...(existsSync(cliConfig) ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
    };
  }

  /** The copy's private terraform CLI configuration (the provider mirror), for running terraform in it by hand. */
  get cliConfigFile(): string {
    return join(this.workDir, CLI_CONFIG_FILE);
  }

  /** Called with every chunk of output of the copy's terraform runs as it arrives (progress reports). */
  onOutput?: (chunk: string) => void;

  /**
   * Runs terraform in the copy; resolves with its exit code and output (never rejects on exit codes).
   * A command that uses the provider gets a provider process of its own (shared/reattached-provider.ts;
   * no CA bundle reaches the copy, so `destroy` and `apply -auto-approve` too), tracked and stopped
   * like terraform itself.
   */
  async terraform(phase: string, args: readonly string[]): Promise<TerraformRun> {
    const command = `terraform ${args.join(' ')}`;
    const log = join(this.workDir, 'logs', `${String(++this.runs).padStart(2, '0')}-${phase}.log`);
    const debugLog = log.replace(/\.log$/, '.debug.log');
    const started = Date.now();
    const stopped = () =>
      new TerraformError(`${this.name}: not starting ${command}: the runs were stopped`, command, '');
    if (stopping) throw stopped();
    let spawned: ChildProcess | undefined;
    const environment = this.environment(debugLog);
    const { env, provider } = await providerForCommand(this.workDir, args, environment, {
      awsBlocks: awsProviderBlocks(this.config),
      // No CA bundle reaches the copy's provider: one process serves destroy's walks too.
      reconfigurable: reconfigurable(environment, this.config),
      logFile: debugLog,
      // Tracked from its spawn: a stop while it starts ends it too.
      onSpawn: (child) => running.add((spawned = child)),
    }).catch((error: Error) => {
      if (spawned) running.delete(spawned);
      throw new TerraformError(`${this.name}: ${command}: ${error.message}`, command, '');
    });
    try {
      if (stopping) throw stopped();
      return await this.spawnTerraform({ phase, command, args, env, log, started });
    } finally {
      await provider?.stop();
      if (spawned) running.delete(spawned);
    }
  }

  private spawnTerraform({
    phase,
    command,
    args,
    env,
    log,
    started,
  }: {
    phase: string;
    command: string;
    args: readonly string[];
    env: NodeJS.ProcessEnv;
    log: string;
    started: number;
  }): Promise<TerraformRun> {
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', [...args, '-no-color'], {
        cwd: this.workDir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.add(child);
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk;
        this.onOutput?.(chunk.toString());
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (error) => {
        running.delete(child);
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new TerraformError(
            missing
              ? 'The terraform CLI is not on PATH. Install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install).'
              : `${command} could not start: ${error.message}`,
            command,
            '',
          ),
        );
      });
      child.on('close', (code) => {
        running.delete(child);
        const seconds = (Date.now() - started) / 1000;
        try {
          writeFileSync(log, `$ ${command}\n${output}`);
        } catch (error) {
          // A stop removed the copy while this run's output was still closing: nowhere to log it.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        this.timings.push({ phase, seconds });
        resolve({ command, code, output, seconds });
      });
    });
  }

  /** Like `terraform()`, but a non-zero exit is an error showing the end of the output. */
  async run(phase: string, args: readonly string[]): Promise<TerraformRun> {
    const result = await this.terraform(phase, args);
    if (result.code !== 0) {
      throw new TerraformError(
        `${this.name}: ${result.command} exited with ${result.code} in ${this.workDir}:\n${tail(result.output)}`,
        result.command,
        result.output,
      );
    }
    return result;
  }

  /**
   * `terraform init`; a copy that keeps the stack's S3 backend gets moto's endpoints through
   * -backend-config. The copy's lock file keeps no checksums (dropLockChecksums).
   */
  async init(): Promise<TerraformRun> {
    const backend = this.options.keepBackend ? [`-backend-config=${MOTO_S3_BACKEND_FILE}`] : [];
    if (this.options.keepBackend) {
      writeFileSync(join(this.workDir, MOTO_S3_BACKEND_FILE), renderS3BackendConfig(this.options.endpoint));
    }
    const run = await this.run('init', ['init', '-input=false', ...backend]);
    dropLockChecksums(this.workDir);
    return run;
  }

  /**
   * `terraform apply -auto-approve`: one command, with one provider process for its plan and apply
   * walks (shared/reattached-provider.ts; a saved plan and its apply, the way to one process each
   * where a CA bundle is in effect, cost a second command: terraform loads the provider's schema
   * again, about 2 CPU s).
   */
  apply(phase = 'apply', extra: readonly string[] = []): Promise<TerraformRun> {
    return this.run(phase, ['apply', '-auto-approve', '-input=false', ...extra]);
  }

  /**
   * `terraform plan -detailed-exitcode`, saved; resolves with the exit code (0 no changes,
   * 2 changes) and, when there are changes, the planned changes read back with `terraform show
   * -json` (a clean plan needs no second command: every `show` starts the provider once more).
   */
  async plan(
    phase: string,
    extra: readonly string[] = [],
  ): Promise<{ code: number; changes: PlannedChange[]; planFile: string; plan?: Json; run: TerraformRun }> {
    const planFile = `${phase}.tfplan`;
    const result = await this.terraform(phase, [
      'plan',
      '-detailed-exitcode',
      '-input=false',
      `-out=${planFile}`,
      ...extra,
    ]);
    if (result.code !== 0 && result.code !== 2) {
      throw new TerraformError(
        `${this.name}: ${result.command} failed (${result.code}) in ${this.workDir}:\n${tail(result.output)}`,
        result.command,
        result.output,
      );
    }
    if (result.code === 0) return { code: 0, changes: [], planFile, run: result };
    const shown = await this.run(`${phase}-show`, ['show', '-json', planFile]);
    const plan = JSON.parse(shown.output) as Json;
    return {
      code: result.code,
      changes: plannedChanges(plan),
      planFile,
      plan,
      run: result,
    };
  }

  destroy(phase = 'destroy'): Promise<TerraformRun> {
    return this.terraform(phase, ['destroy', '-auto-approve', '-input=false']);
  }

  /** Addresses in the state (`terraform state list`). */
  async stateList(): Promise<string[]> {
    const result = await this.run('state-list', ['state', 'list']);
    return result.output.split('\n').filter((line) => line.trim() !== '');
  }

  /** Seconds spent in runs whose phase matches. */
  secondsIn(match: (phase: string) => boolean): number {
    return this.timings
      .filter((timing) => match(timing.phase))
      .reduce((sum, timing) => sum + timing.seconds, 0);
  }

  remove(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

function tail(output: string, lines = 60): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}
