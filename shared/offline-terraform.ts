/**
 * Real offline `terraform init` + `plan` (+ `show -json`) of a synthesized cdktf stack, with no AWS account.
 *
 * The stack directory is copied to a temp folder and an override file is written only into that
 * copy: it swaps the backend for a local one and gives the AWS provider fake credentials and its
 * skip_* flags. Nothing here touches `cdktf.out/` or what users deploy.
 *
 * Providers come from a local filesystem mirror when one exists (`TF_PLUGIN_MIRROR`, or discovered
 * in the usual places); otherwise `terraform init` installs them from the registry as usual.
 *
 * Every start of the AWS provider costs seconds (its schemas, and a hash of its 700 MB binary), so a
 * plan runs two commands only: `plan` (which validates first, and prints the text) and `show -json`,
 * each with one provider process of its own (shared/reattached-provider.ts: terraform alone would
 * start it three times for the plan). `terraform validate` runs only to explain a failed plan. See
 * docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, freemem, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ownChild, ownFolder } from './owned-resources';
import { awsProviderBlocks, providerForCommand } from './reattached-provider';

const run = promisify(execFile);

export class TerraformError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'TerraformError';
  }
}

/** Where a provider mirror is looked for when `TF_PLUGIN_MIRROR` is not set. */
export const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
];

const AWS_PROVIDER_IN_MIRROR = join('registry.terraform.io', 'hashicorp', 'aws');

/** Returns the filesystem-mirror folder holding hashicorp/aws, or undefined (then: normal init). */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TF_PLUGIN_MIRROR) {
    if (!existsSync(join(env.TF_PLUGIN_MIRROR, AWS_PROVIDER_IN_MIRROR))) {
      throw new TerraformError(
        `TF_PLUGIN_MIRROR=${env.TF_PLUGIN_MIRROR} has no ${AWS_PROVIDER_IN_MIRROR} folder. ` +
          'Point it at a filesystem mirror (terraform providers mirror <dir>) or unset it to download providers.',
        'discover mirror',
        '',
      );
    }
    return env.TF_PLUGIN_MIRROR;
  }
  return MIRROR_CANDIDATES.find((dir) => existsSync(join(dir, AWS_PROVIDER_IN_MIRROR)));
}

/** A CLI config that installs hashicorp providers from the mirror only (no network). */
export function renderCliConfig(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Provider settings that make the AWS provider plan without calling AWS. */
export const OFFLINE_AWS_PROVIDER_SETTINGS = {
  access_key: 'AKIAOFFLINEPLAN00000',
  secret_key: 'offline-plan-fake-secret-key',
  token: null,
  profile: null,
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: 'true',
  skip_region_validation: true,
  // The account guard needs the caller identity, which an offline plan cannot ask for.
  allowed_account_ids: null,
  forbidden_account_ids: null,
} as const;

type JsonObject = Record<string, unknown>;

/** An override's backend for a work copy: state in the copy itself, never the stack's real backend. */
export const LOCAL_BACKEND_OVERRIDE = {
  terraform: { backend: { local: { path: 'terraform.tfstate' } } },
} as const;

/** Override blocks for every `aws` provider of the stack (each alias kept), all with `settings`. */
export function awsProviderOverrides(stackJson: JsonObject, settings: JsonObject): JsonObject[] {
  const awsBlocks = ((stackJson.provider ?? {}) as Record<string, JsonObject[]>).aws ?? [{}];
  return awsBlocks.map((block) => ({ ...(block.alias ? { alias: block.alias } : {}), ...settings }));
}

/** The override written into the plan copy: local backend + offline provider for every aws alias. */
export function renderOfflineOverride(stackJson: JsonObject, keepBackend = false): JsonObject {
  return {
    ...(keepBackend ? {} : LOCAL_BACKEND_OVERRIDE),
    provider: { aws: awsProviderOverrides(stackJson, OFFLINE_AWS_PROVIDER_SETTINGS) },
  };
}

export interface OfflinePlanOptions {
  /** A prior state (terraform.tfstate JSON) to plan against: produces update / replace / delete plans. */
  readonly priorState?: JsonObject;
  /** Plan a destroy of everything in `priorState`. @default false */
  readonly destroy?: boolean;
  /** Keep the working copy (for debugging); its path is returned either way. @default false */
  readonly keepWorkDir?: boolean;
  /** Extra environment for terraform (e.g. TF_LOG). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * One AWS provider process per command (shared/reattached-provider.ts) instead of terraform's one
   * per walk. `false` only to compare the two (npm run bench:plan). @default true
   */
  readonly reattachProvider?: boolean;
}

export interface ValidateDiagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  /** Where, when terraform says (`terraform validate -json` only). */
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

export interface OfflinePlanResult {
  /** `terraform show -json` of the saved plan. */
  readonly plan: JsonObject & {
    resource_changes?: Array<{ address: string; type: string; change: { actions: string[] } & JsonObject }>;
  };
  /**
   * The configuration is valid (the plan ran, and `plan` validates first); `diagnostics` are the
   * warnings the plan printed, each with terraform's text (location, snippet, explanation) as `detail`.
   */
  readonly validation: { valid: boolean; diagnostics: ValidateDiagnostic[] };
  /** Terraform's human-readable plan as `terraform plan` prints it, without data-source read progress. */
  readonly text: string;
  readonly workDir: string;
}

export const STACK_FILE = 'cdk.tf.json';

/** What terraform gets in every work copy: no prompts, no version check, automation output. */
export const TERRAFORM_AUTOMATION_ENV = {
  TF_IN_AUTOMATION: '1',
  TF_INPUT: '0',
  CHECKPOINT_DISABLE: '1',
} as const;

/**
 * Copies a synthesized stack folder into `workDir`, without the folder's own terraform state,
 * providers and lock file; returns the parsed stack configuration.
 */
export function copySynthesizedStack(stackDir: string, workDir: string): JsonObject {
  const stackFile = join(stackDir, STACK_FILE);
  if (!existsSync(stackFile)) {
    throw new TerraformError(
      `${stackFile} does not exist. Synthesize first (npm run synth) and pass cdktf.out/stacks/<stack>.`,
      'prepare',
      '',
    );
  }
  for (const entry of readdirSync(stackDir)) {
    if (entry === '.terraform' || entry.endsWith('.tfstate') || entry === '.terraform.lock.hcl') continue;
    cpSync(join(stackDir, entry), join(workDir, entry), { recursive: true });
  }
  return JSON.parse(readFileSync(stackFile, 'utf8')) as JsonObject;
}

/**
 * Go runtime settings for terraform and the provider it starts (plugins inherit the environment):
 * at the default GOGC=100 much of loading the AWS provider's schema is garbage-collector work, so GC
 * waits for a soft memory limit instead: a quarter to a half less CPU time, for ~1.2 GiB instead of
 * ~0.8 GiB per command (docs/benchmarks.md). A GOGC or GOMEMLIMIT already in the environment wins.
 */
export const OFFLINE_GO_RUNTIME = { GOGC: 'off', GOMEMLIMIT: '1GiB' } as const;

/** Peak memory of one offline terraform command (terraform + the AWS provider, GC as above). */
const BYTES_PER_PLAN = 1.5 * 1024 ** 3;

/**
 * Offline plans and validations at once, per process: one more than the cores, because each is a
 * chain of process starts and handshakes whose idle gaps a spare plan fills (all three stacks on
 * 2 cores: 5.4 s three at a time, 6.7 s two at a time, for the same CPU time; docs/benchmarks.md),
 * and no more than free memory holds. Callers may start any number; the rest wait their turn.
 */
export const OFFLINE_CONCURRENCY = Math.max(
  1,
  Math.min(availableParallelism() + 1, Math.floor(freemem() / BYTES_PER_PLAN)),
);
const withSlot = limiter(OFFLINE_CONCURRENCY);

/** Runs at most `max` tasks at a time, the rest in call order. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/**
 * Work copies not yet removed, by path: each is owned (shared/owned-resources.ts), so an exit first
 * (e.g. a Ctrl-C ending the process with process.exit) kills the terraform runs writing into it and
 * then removes it.
 */
const ownedWorkDirs = new Map<string, () => void>();

/** Hands a work copy back to its caller: no longer removed when this process exits. */
function disown(workDir: string): void {
  ownedWorkDirs.get(workDir)?.();
  ownedWorkDirs.delete(workDir);
}

/** Copies a synthesized stack dir and adds the offline override; returns the copy's path and the env to use. */
export function prepareOfflineWorkDir(
  stackDir: string,
  { keepBackend = false }: { keepBackend?: boolean } = {},
): { workDir: string; env: NodeJS.ProcessEnv } {
  const workDir = mkdtempSync(join(tmpdir(), 'zero-etl-tfplan-'));
  ownedWorkDirs.set(workDir, ownFolder(workDir));
  const stackJson = copySynthesizedStack(stackDir, workDir);
  // cdktf's CloudBackend writes a `cloud` block; an override can only replace it with another
  // cloud block, so strip it from the copy instead and let the override add the local backend.
  const terraformBlock = (stackJson.terraform ?? {}) as JsonObject;
  if (terraformBlock.cloud && !keepBackend) {
    delete terraformBlock.cloud;
    writeFileSync(join(workDir, STACK_FILE), JSON.stringify(stackJson, null, 2));
  }
  writeFileSync(
    join(workDir, 'zz_offline_override.tf.json'),
    JSON.stringify(renderOfflineOverride(stackJson, keepBackend), null, 2),
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...TERRAFORM_AUTOMATION_ENV,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  delete env.AWS_PROFILE;
  delete env.TF_WORKSPACE;
  for (const [name, value] of Object.entries(OFFLINE_GO_RUNTIME)) env[name] ??= value;
  const mirror = findProviderMirror();
  if (mirror) {
    const cliConfig = join(workDir, '.terraformrc.offline');
    writeFileSync(cliConfig, renderCliConfig(mirror));
    env.TF_CLI_CONFIG_FILE = cliConfig;
  } else if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) {
    // A preset pointing at a missing file only produces warnings; fall back to defaults.
    delete env.TF_CLI_CONFIG_FILE;
  }
  return { workDir, env };
}

/**
 * The `aws` provider blocks of the work copy's stack (a reattached provider serves one only); a copy
 * without the synthesized stack file counts as unknown (terraform starts its providers itself).
 */
function awsBlocksIn(workDir: string): number {
  const stackFile = join(workDir, STACK_FILE);
  return existsSync(stackFile)
    ? awsProviderBlocks(JSON.parse(readFileSync(stackFile, 'utf8')) as JsonObject)
    : Number.POSITIVE_INFINITY;
}

async function terraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  { reattachProvider = true }: { reattachProvider?: boolean } = {},
): Promise<string> {
  const started = reattachProvider
    ? await providerForCommand(cwd, args, env, {
        awsBlocks: awsBlocksIn(cwd),
        // Where terraform would have written the provider's log (TF_LOG with TF_LOG_PATH).
        logFile: env.TF_LOG_PATH,
      }).catch((error: Error) => {
        throw new TerraformError(
          `terraform ${args[0]} in ${cwd}: ${error.message}`,
          `terraform ${args.join(' ')}`,
          '',
        );
      })
    : { env, provider: undefined };
  try {
    const running = run('terraform', args, { cwd, env: started.env, maxBuffer: 512 * 1024 * 1024 });
    // Owned while it runs: if this process exits first (a Ctrl-C ends it with process.exit), the run
    // is killed, and dead, before its work copy is removed (a run still writing there made the
    // removal fail). It stays in this process's group, so a terminal's Ctrl-C reaches it as well.
    const release = ownChild(running.child);
    try {
      return (await running).stdout;
    } finally {
      release();
    }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string; code?: string };
    if (e.code === 'ENOENT') {
      throw new TerraformError(
        'The terraform CLI is not on PATH. Install Terraform >= 1.9 (https://developer.hashicorp.com/terraform/install).',
        `terraform ${args.join(' ')}`,
        '',
      );
    }
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    throw new TerraformError(
      `terraform ${args[0]} failed in ${cwd}:\n${output}`,
      `terraform ${args.join(' ')}`,
      output,
    );
  } finally {
    await started.provider?.stop();
  }
}

/** `terraform validate -json`; an invalid configuration exits 1 but still prints its JSON report. */
async function validateJson(
  workDir: string,
  env: NodeJS.ProcessEnv,
): Promise<OfflinePlanResult['validation']> {
  const out = await terraform(['validate', '-json', '-no-color'], workDir, env).catch((error) => {
    if (error instanceof TerraformError && error.output.trim().startsWith('{')) return error.output;
    throw error;
  });
  return JSON.parse(out) as OfflinePlanResult['validation'];
}

function validationError(validation: OfflinePlanResult['validation']): TerraformError {
  const problems = validation.diagnostics
    .map((d) => {
      const where = d.range ? ` (${d.range.filename} line ${d.range.start.line})` : '';
      return `${d.severity}: ${d.summary}${where} ${d.detail ?? ''}`;
    })
    .join('\n');
  return new TerraformError(
    `terraform validate found problems:\n${problems}`,
    'terraform validate',
    problems,
  );
}

/**
 * Drops the checksums from a throwaway copy's lock file, right after `terraform init` installed and
 * hashed the provider: with checksums there, every later command that starts the provider the usual
 * way hashes its 700 MB binary again (~0.4–0.8 s each).
 */
export function dropLockChecksums(workDir: string): void {
  const lockFile = join(workDir, '.terraform.lock.hcl');
  if (existsSync(lockFile)) {
    writeFileSync(lockFile, readFileSync(lockFile, 'utf8').replace(/^\s*hashes\s*=\s*\[[^\]]*\]\n/gm, ''));
  }
}

/** `terraform init`, without checksums in the copy's lock file afterwards (dropLockChecksums). */
async function init(workDir: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<void> {
  await terraform(['init', '-input=false', '-no-color', ...args], workDir, env);
  dropLockChecksums(workDir);
}

/** Lines `terraform plan` prints while it reads data sources; `terraform show` of the plan has none. */
const READ_PROGRESS = /^\S.*: (Reading\.\.\.|Still reading\.\.\. \[.*\]|Read complete after .*)\n/gm;

/** A diagnostic as `-no-color` prints it: "Warning: <summary>" (or "Error: ") at column 0, then its text. */
const PLAIN_DIAGNOSTIC = /^(Warning|Error): (.*)\n([\s\S]*?)(?=^(?:Warning|Error): |(?![\s\S]))/gm;

/** The diagnostics in terraform's `-no-color` human output (plan prints its warnings after the plan). */
function parsePlainDiagnostics(output: string): ValidateDiagnostic[] {
  return [...output.matchAll(PLAIN_DIAGNOSTIC)].map(([, severity, summary, detail]) => ({
    severity: severity.toLowerCase(),
    summary: summary.trim(),
    detail: detail.trim(),
  }));
}

/**
 * `terraform plan -out` (it validates first and prints the plan), then `show -json` of it. A failed
 * plan is explained by `terraform validate` when the configuration is invalid (the same report as
 * validating first), otherwise by the plan's own error text.
 */
async function planAndShow(
  workDir: string,
  env: NodeJS.ProcessEnv,
  options: OfflinePlanOptions,
): Promise<Omit<OfflinePlanResult, 'workDir'>> {
  const planArgs = [
    'plan',
    '-input=false',
    '-no-color',
    '-lock=false',
    '-refresh=false',
    '-out=offline.tfplan',
  ];
  const reattach = { reattachProvider: options.reattachProvider };
  const stdout = await terraform(
    [...planArgs, ...(options.destroy ? ['-destroy'] : [])],
    workDir,
    env,
    reattach,
  ).catch(async (error: unknown) => {
    const validation = await validateJson(workDir, env).catch(() => undefined);
    throw validation && !validation.valid ? validationError(validation) : error;
  });
  const plan = JSON.parse(await terraform(['show', '-json', 'offline.tfplan'], workDir, env, reattach));
  const diagnostics = parsePlainDiagnostics(stdout);
  return { plan, validation: { valid: true, diagnostics }, text: stdout.replace(READ_PROGRESS, '') };
}

/** Runs real `terraform init` and `plan` offline; returns the plan as JSON and as text. */
export async function planOffline(
  stackDir: string,
  options: OfflinePlanOptions = {},
): Promise<OfflinePlanResult> {
  return withSlot(async () => {
    const { workDir, env: baseEnv } = prepareOfflineWorkDir(stackDir);
    const env = { ...baseEnv, ...options.env };
    try {
      if (options.priorState) {
        writeFileSync(join(workDir, 'terraform.tfstate'), JSON.stringify(options.priorState, null, 2));
      }
      await init(workDir, env);
      return { ...(await planAndShow(workDir, env, options)), workDir };
    } finally {
      disown(workDir);
      if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    }
  });
}

/** Real `terraform init -backend=false` + `validate`, keeping the stack's own backend (local, S3 or cloud). */
export async function validateOffline(stackDir: string): Promise<OfflinePlanResult['validation']> {
  return withSlot(async () => {
    const { workDir, env } = prepareOfflineWorkDir(stackDir, { keepBackend: true });
    try {
      await init(workDir, env, ['-backend=false']);
      return await validateJson(workDir, env);
    } finally {
      disown(workDir);
      rmSync(workDir, { recursive: true, force: true });
    }
  });
}
