/**
 * One AWS provider process per terraform command, instead of one per graph walk.
 *
 * Terraform starts a provider plugin afresh for each walk of a command: `plan` starts the AWS
 * provider three times (schema, validation, plan), `validate` twice, `apply` of a saved plan twice,
 * and every start of provider 5.100.0 costs about 1.5 CPU seconds (it builds the schemas of ~1,600
 * resource types) plus, with checksums in the lock file, a hash of its 700 MB binary. With
 * `TF_REATTACH_PROVIDERS` terraform uses a provider that is already running for every walk of the
 * command: the mechanism provider developers debug with (`terraform-provider-aws -debug`; Terraform's
 * "Debugging Providers" page). The binary is the one `terraform init` installed in the work copy,
 * so the plans and applies are the same (docs/benchmarks.md compares them).
 *
 * Where a custom CA bundle is in effect (AWS_CA_BUNDLE, as on a machine behind a TLS-inspecting
 * proxy), the provider accepts ConfigureProvider once per process: a second one fails ("unable to add
 * custom RootCAs HTTPClient": aws-sdk-go-v2 adds the bundle to a fresh HTTP client only, and the first
 * configure already replaced it). So by default only commands that configure it at most once get
 * their own process (`reattachable()`): `plan` (not `-destroy`, whose refresh is a walk of its own,
 * nor `-refresh-only`), `apply` of a saved plan, `show`, `validate`. A caller whose environment rules
 * out every CA bundle (`reconfigurable()`: the local cloud's copies) also gets one for `destroy`,
 * `apply` without a saved plan and `plan -destroy` or `-refresh-only`, whose every walk configures it
 * again. Only configurations with one
 * `aws` provider block qualify (each alias is configured separately). Everything else runs the usual
 * way, as does any command whose caller already set TF_REATTACH_PROVIDERS (a developer debugging the
 * provider).
 *
 * The provider is stopped with SIGINT once terraform exits (in debug mode, its clean stop). Its plugin
 * socket lives in a TMPDIR of its own, removed when it exits however it ends (SIGTERM or SIGKILL
 * would leave the socket behind). Unlike terraform's own providers it would outlive this process, so
 * it is ended when this process exits or is ended by SIGINT, SIGTERM or SIGHUP (not SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where `terraform init` installs hashicorp/aws in a working directory (`<version>/<os>_<arch>/`). */
const INSTALLED_AWS_PROVIDER = join('.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws');
/** The line a provider started with `-debug` prints once it listens. */
const REATTACH_LINE = /TF_REATTACH_PROVIDERS='(\{.*\})'/;
/** A provider start takes 1–2 s on an idle 2-core machine; under a full test suite, several times that. */
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;

/**
 * Providers started here and still running, with the TMPDIR each gets of its own (its plugin socket
 * is created there, and a provider killed before it could remove it leaves it behind): ended, and the
 * folder removed, if this process exits first.
 */
const live = new Map<ChildProcess, string>();

function endLiveProviders(): void {
  for (const [child, tmp] of live) {
    child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  }
}
process.once('exit', endLiveProviders);

/**
 * 'exit' does not fire when a signal ends this process, and a provider in debug mode outlives it
 * (terraform's own providers end with terraform). So on SIGINT, SIGTERM and SIGHUP the providers end
 * too; when nothing else listens for the signal, it is raised again, so the process still ends by it
 * as it would have without this listener. (SIGKILL cannot be caught: then they stay.)
 */
let signalsWatched = false;
function watchSignals(): void {
  if (signalsWatched) return;
  signalsWatched = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      endLiveProviders();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

export class ProviderStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderStartError';
  }
}

/** Go's flag package takes `--flag` as `-flag`. */
const normalized = (arg: string) => arg.replace(/^--/, '-');

const hasFlag = (args: readonly string[], flag: string) =>
  args.some((arg) => arg === flag || (arg.startsWith(`${flag}=`) && arg !== `${flag}=false`));

/**
 * `terraform apply`'s flags that take their value as the next argument when written without `=`
 * (its `-help`): after one of them, a bare argument is that value, not a saved plan.
 */
const APPLY_VALUE_FLAGS = new Set([
  '-backup',
  '-lock-timeout',
  '-parallelism',
  '-replace',
  '-state',
  '-state-out',
  '-target',
  '-var',
  '-var-file',
]);

/**
 * Whether the terraform command configures the provider at most once (so one process can serve it),
 * or, with `reconfigurable` (see `reconfigurable()`), whether it is one of the commands that may
 * configure it again: `plan` (any), `apply` (any), `destroy`. Anything this cannot tell for sure
 * answers false: terraform then starts its providers itself.
 */
export function reattachable(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  { reconfigurable = false }: { readonly reconfigurable?: boolean } = {},
): boolean {
  const [command, ...raw] = args;
  // Arguments terraform reads from the environment are not seen here.
  if (env.TF_CLI_ARGS || (command && env[`TF_CLI_ARGS_${command}`])) return false;
  const rest = raw.map(normalized);
  switch (command) {
    case 'plan':
      return reconfigurable || (!hasFlag(rest, '-destroy') && !hasFlag(rest, '-refresh-only'));
    case 'destroy':
      return reconfigurable;
    case 'apply': {
      if (reconfigurable) return true;
      // Only a saved plan, the last argument: without one, apply plans and applies (two configures).
      const last = rest.at(-1);
      const beforeLast = rest.at(-2);
      return (
        last !== undefined &&
        !last.startsWith('-') &&
        rest.slice(0, -1).every((arg) => arg.startsWith('-')) &&
        !(beforeLast !== undefined && APPLY_VALUE_FLAGS.has(beforeLast))
      );
    }
    case 'show':
    case 'validate':
      return true;
    default:
      return false;
  }
}

/**
 * Whether a provider started with `env` for this configuration may be configured more than once:
 * no CA bundle can be in effect. The provider reads one from AWS_CA_BUNDLE, from the `ca_bundle` of
 * a profile in the shared config or credentials files, or from its `custom_ca_bundle` argument; so
 * this answers true only with no AWS_CA_BUNDLE, neither shared file (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE both /dev/null, as the local cloud's copies run, and no
 * `shared_config_files` or `shared_credentials_files`) and no `custom_ca_bundle` in the aws blocks.
 */
export function reconfigurable(env: NodeJS.ProcessEnv, stackJson: Record<string, unknown>): boolean {
  const blocks = ((stackJson.provider ?? {}) as Record<string, unknown>).aws;
  const bundleArguments = ['custom_ca_bundle', 'shared_config_files', 'shared_credentials_files'];
  return (
    !env.AWS_CA_BUNDLE &&
    env.AWS_CONFIG_FILE === '/dev/null' &&
    env.AWS_SHARED_CREDENTIALS_FILE === '/dev/null' &&
    (Array.isArray(blocks) ? (blocks as Record<string, unknown>[]) : []).every((block) =>
      bundleArguments.every((argument) => block[argument] === undefined),
    )
  );
}

/** The number of `aws` provider blocks in a stack's configuration (aliases included). */
export function awsProviderBlocks(stackJson: Record<string, unknown>): number {
  const blocks = ((stackJson.provider ?? {}) as Record<string, unknown[]>).aws;
  return Array.isArray(blocks) ? blocks.length : 0;
}

/** The AWS provider binary `terraform init` installed in `workDir`, if there is exactly one. */
export function installedAwsProvider(workDir: string): string | undefined {
  const root = join(workDir, INSTALLED_AWS_PROVIDER);
  if (!existsSync(root)) return undefined;
  const binaries = readdirSync(root).flatMap((version) =>
    readdirSync(join(root, version)).flatMap((platform) =>
      readdirSync(join(root, version, platform))
        .filter((file) => file.startsWith('terraform-provider-aws'))
        .map((file) => join(root, version, platform, file)),
    ),
  );
  return binaries.length === 1 ? binaries[0] : undefined;
}

export interface ReattachedProvider {
  /** The value of TF_REATTACH_PROVIDERS that points terraform at this process. */
  readonly reattach: string;
  readonly process: ChildProcess;
  /** Stops the provider (SIGINT, then SIGKILL after a grace period) and removes its socket. */
  stop(): Promise<void>;
}

export interface ProviderStartOptions {
  /** Where the provider's log goes when TF_LOG is set (terraform writes it to TF_LOG_PATH otherwise). */
  readonly logFile?: string;
  /** Called with the provider's process as soon as it is spawned (so a caller can stop it while it starts). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/**
 * Starts `binary` in debug mode as terraform would start it for a command in `workDir` (that folder
 * as its working directory: relative paths such as a Lambda's `filename` are read from there; and
 * terraform's environment, but a TMPDIR of its own), and resolves once it listens.
 */
export function startReattachedProvider(
  binary: string,
  workDir: string,
  env: NodeJS.ProcessEnv,
  options: ProviderStartOptions = {},
): Promise<ReattachedProvider> {
  return new Promise((resolve, reject) => {
    const tmp = mkdtempSync(join(tmpdir(), 'zero-etl-provider-'));
    const child = spawn(binary, ['-debug'], {
      cwd: workDir,
      env: { ...env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.set(child, tmp);
    watchSignals();
    options.onSpawn?.(child);
    let stdout = '';
    let stderrTail = '';
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ProviderStartError(`the AWS provider did not start within ${START_TIMEOUT_MS / 1000}s`));
    }, START_TIMEOUT_MS);
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    child.once('close', (code, signal) => {
      live.delete(child);
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      reject(
        new ProviderStartError(
          `the AWS provider (${binary} -debug) exited (${signal ?? `code ${code}`}) before it listened:\n${stderrTail}`,
        ),
      );
    });
    child.once('error', (error) => {
      live.delete(child);
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      reject(new ProviderStartError(`the AWS provider (${binary}) could not start: ${error.message}`));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4096);
      if (options.logFile && env.TF_LOG) {
        try {
          appendFileSync(options.logFile, chunk);
        } catch {
          // The log's folder was removed (a stop removed the copy): the provider is ending with it.
        }
      }
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (listening) return;
      stdout += chunk.toString();
      const match = REATTACH_LINE.exec(stdout);
      if (!match) return;
      listening = true;
      clearTimeout(timer);
      const reattach = match[1];
      resolve({
        reattach,
        process: child,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
            child.kill('SIGINT');
            await exited;
            clearTimeout(force);
          }
        },
      });
    });
  });
}

export interface ProviderForCommand {
  /** The environment to run terraform with (TF_REATTACH_PROVIDERS added when a provider was started). */
  readonly env: NodeJS.ProcessEnv;
  /** The provider started for the command, if any. */
  readonly provider?: ReattachedProvider;
}

/**
 * Starts the provider a terraform command in `workDir` will use, when it can use one
 * (`reattachable`, with `reconfigurable` as the caller found it for `env` and the configuration; one
 * `aws` block; no TF_REATTACH_PROVIDERS of the caller's; a provider installed); otherwise returns
 * `env` unchanged and terraform starts its providers itself. The caller stops the provider after the
 * command.
 */
export async function providerForCommand(
  workDir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: ProviderStartOptions & { readonly awsBlocks: number; readonly reconfigurable?: boolean },
): Promise<ProviderForCommand> {
  const { awsBlocks, reconfigurable: again = false } = options;
  if (!reattachable(args, env, { reconfigurable: again }) || awsBlocks > 1 || env.TF_REATTACH_PROVIDERS) {
    return { env };
  }
  const binary = installedAwsProvider(workDir);
  if (!binary) return { env };
  const provider = await startReattachedProvider(binary, workDir, env, options);
  return { env: { ...env, TF_REATTACH_PROVIDERS: provider.reattach }, provider };
}
