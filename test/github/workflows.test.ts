import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../paths';
import { applyRoleVariable } from '../../stacks/bootstrap-stack';
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';

const GITHUB_DIR = join(PROJECT_ROOT, '.github');
/** The environment stacks, in configuration order (dev before prod). */
const ENVIRONMENT_STACKS = parseConfig(PROJECT_CONFIG, {}).environments.map(
  (environment) => environment.name,
);
const WORKFLOW_DIR = join(GITHUB_DIR, 'workflows');
const FILES = readdirSync(WORKFLOW_DIR).filter((file) => /\.ya?ml$/.test(file));
const APPLY_ACTION = join(GITHUB_DIR, 'actions', 'terraform-apply', 'action.yml');
const PLAN_ACTION = join(GITHUB_DIR, 'actions', 'terraform-plan', 'action.yml');

type Permissions = Record<string, string> | string | undefined;
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  permissions?: Permissions;
  environment?: string | { name: string };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  'timeout-minutes'?: number;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Permissions;
  jobs: Record<string, Job>;
}

const raw = (file: string) => readFileSync(join(WORKFLOW_DIR, file), 'utf8');
const workflow = (file: string) => parse(raw(file)) as Workflow;
const applyAction = parse(readFileSync(APPLY_ACTION, 'utf8')) as { runs: { using: string; steps: Step[] } };
const planAction = parse(readFileSync(PLAN_ACTION, 'utf8')) as { runs: { using: string; steps: Step[] } };

/** The plan action: the read-only role, a plan that never locks the S3 state, a rendered comment. */
function expectReadOnlyPlanAction(): void {
  const credentials = planAction.runs.steps.find((step) =>
    step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
  );
  expect(credentials?.with?.['role-to-assume']).toBe('${{ inputs.role-to-assume }}');
  const runs = planAction.runs.steps.map((step) => step.run ?? '').join('\n');
  expect(runs).toContain('npm run synth');
  expect(runs).toMatch(/terraform -chdir="\$STACK_DIR" plan .*-out=tfplan/);
  expect(runs).toContain('lock_args=(-lock=false)');
  expect(runs).toContain('show -json tfplan');
  expect(runs).toContain('cli/plan-comment/cli.ts render');
  expect(runs).not.toMatch(/terraform[^\n]* apply/);
}

describe('GitHub Actions workflows', () => {
  it('are ci, plan, apply and drift', () => {
    expect(FILES.sort()).toEqual(['apply.yml', 'ci.yml', 'drift.yml', 'plan.yml']);
  });

  it('never use pull_request_target', () => {
    for (const file of FILES) {
      expect(raw(file)).not.toMatch(/pull_request_target/);
      expect(Object.keys(workflow(file).on)).not.toContain('pull_request_target');
    }
  });

  it('pin every third-party action to a full commit SHA with a version comment', () => {
    const texts = [
      ...FILES.map((file) => ({ file, text: raw(file) })),
      { file: 'terraform-apply/action.yml', text: readFileSync(APPLY_ACTION, 'utf8') },
      { file: 'terraform-plan/action.yml', text: readFileSync(PLAN_ACTION, 'utf8') },
    ];
    const uses = texts.flatMap(({ file, text }) =>
      text
        .split('\n')
        .filter((line) => /^\s*(-\s+)?uses:/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
    const remote = uses.filter(({ line }) => !/uses:\s+\.\//.test(line));
    expect(remote.length).toBeGreaterThanOrEqual(10);
    for (const { line } of remote) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it('default to no permissions and grant each job only what it needs', () => {
    for (const file of FILES) {
      const { permissions, jobs } = workflow(file);
      expect([{}, { contents: 'read' }]).toContainEqual(permissions);
      for (const job of Object.values(jobs)) {
        expect(typeof job.permissions).toBe('object');
        expect(Object.values(job.permissions as object)).not.toContain('write-all');
      }
    }
    const plan = workflow('plan.yml').jobs;
    expect(plan.gate.permissions).toEqual({});
    expect(plan.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(plan.comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow('ci.yml').jobs.test.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(workflow('apply.yml').jobs)) {
      expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    }
  });

  it('run ci on pull requests and pushes to main through .ci/run', () => {
    const ci = workflow('ci.yml');
    expect(ci.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(ci.jobs.test.steps?.map((step) => step.run).filter(Boolean)).toEqual(['bash .ci/run']);
  });

  it('plan every environment stack on pull requests with the read-only role, then comment', () => {
    const plan = workflow('plan.yml');
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    const job = plan.jobs.plan;
    expect(job.needs).toBe('gate');
    expect(job.if).toBe("needs.gate.outputs.run == 'true'");
    // Every environment of the configuration, and never the bootstrap stack.
    expect((job as { strategy: { matrix: { stack: string[] } } }).strategy.matrix.stack).toEqual(
      ENVIRONMENT_STACKS,
    );
    const planStep = job.steps?.find((step) => step.uses === './.github/actions/terraform-plan');
    expect(planStep?.with).toMatchObject({
      stack: '${{ matrix.stack }}',
      'role-to-assume': '${{ vars.AWS_PLAN_ROLE_ARN }}',
      'comment-file': '${{ runner.temp }}/comment-${{ matrix.stack }}.md',
    });
    expectReadOnlyPlanAction();
    // Only the rendered (masked) comment is handed to the job that can write to the pull request.
    const upload = job.steps?.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('${{ runner.temp }}/comment-${{ matrix.stack }}.md');
    expect(plan.jobs.comment.needs).toEqual(['gate', 'plan']);
    expect(plan.jobs.comment.steps?.map((step) => step.run ?? '').join('\n')).toContain(
      'cli/plan-comment/cli.ts post',
    );
  });

  it('check for drift nightly and on demand with the read-only role in the drift environment, never applying', () => {
    const drift = workflow('drift.yml');
    const { github } = parseConfig(PROJECT_CONFIG, {}).bootstrap;
    expect(drift.on).toEqual({ schedule: [{ cron: '17 3 * * *' }], workflow_dispatch: null });
    expect((drift as { concurrency?: unknown }).concurrency).toEqual({
      group: 'drift',
      'cancel-in-progress': false,
    });
    const { plan, report } = drift.jobs;
    // The plan role trusts `environment:<driftEnvironment>`: the job must run in it to assume the role.
    expect(plan.environment).toBe(github.driftEnvironment);
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect((plan as { strategy: { matrix: { stack: string[] } } }).strategy.matrix.stack).toEqual(
      ENVIRONMENT_STACKS,
    );
    const step = plan.steps?.find((candidate) => candidate.uses === './.github/actions/terraform-plan');
    expect(step?.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expectReadOnlyPlanAction();
    // Only the job without cloud credentials may write issues, and only issues.
    expect(report.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(report.steps?.map((candidate) => candidate.run ?? '').join('\n')).toContain(
      'cli/plan-comment/cli.ts drift-issue',
    );
    expect(raw('drift.yml')).not.toMatch(/terraform-apply|AWS_APPLY_ROLE/);
  });

  it('apply dev, then prod behind a protected environment, one apply per stack at a time, each with its own apply role', () => {
    const apply = workflow('apply.yml');
    expect(apply.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
    expect(Object.keys(apply.jobs)).toEqual(ENVIRONMENT_STACKS); // never bootstrap
    const { dev, prod } = apply.jobs;
    expect(prod.needs).toBe('dev');
    // The apply role trusts refs/heads/main (dev) and the `production` environment (prod).
    expect(dev.environment).toBeUndefined();
    expect(prod.environment).toBe('production');
    expect(dev.concurrency).toEqual({ group: 'zero-etl-apply-dev', 'cancel-in-progress': false });
    expect(prod.concurrency).toEqual({ group: 'zero-etl-apply-prod', 'cancel-in-progress': false });
    for (const [stack, job] of Object.entries({ dev, prod })) {
      const step = job.steps?.find((candidate) => candidate.uses === './.github/actions/terraform-apply');
      expect(step?.with).toMatchObject({
        stack,
        backend: '${{ vars.ZERO_ETL_BACKEND }}',
        'role-to-assume': `\${{ vars.${applyRoleVariable(stack)} }}`,
        'tf-api-token': '${{ secrets.TF_API_TOKEN }}',
      });
    }
    expect(raw('apply.yml')).not.toMatch(/vars\.AWS_APPLY_ROLE_ARN\b(?!_)/);
    const credentials = applyAction.runs.steps.find((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials?.with?.['role-to-assume']).toBe('${{ inputs.role-to-assume }}');
    expect(applyAction.runs.steps.map((step) => step.run ?? '').join('\n')).toContain(
      'apply -no-color tfplan',
    );
  });

  it("run each environment's job in the GitHub environment its apply role trusts, and the others on the apply branch only", () => {
    // The bootstrap stack trusts `environment:<name>` for the environments of applyEnvironments and
    // `ref:refs/heads/<applyBranch>` for the rest: a job in another environment could not assume its role.
    const { github } = parseConfig(PROJECT_CONFIG, {}).bootstrap;
    const { on, jobs } = workflow('apply.yml');
    expect(on.push).toEqual({ branches: [github.applyBranch] });
    for (const stack of ENVIRONMENT_STACKS) {
      expect({ stack, environment: jobs[stack].environment }).toEqual({
        stack,
        environment: github.applyEnvironments[stack],
      });
    }
  });

  it('give every job a timeout and check out without persisting the token', () => {
    for (const file of FILES) {
      for (const job of Object.values(workflow(file).jobs)) {
        if (job.uses) continue; // a call to a reusable workflow has no runner of its own
        expect(job['timeout-minutes']).toBeGreaterThan(0);
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.['persist-credentials']).toBe(false);
        }
      }
    }
  });
});

describe('plan gate (the real step script, run with bash)', () => {
  const gate = workflow('plan.yml').jobs.gate.steps!.find((step) => step.id === 'decide')!;
  const configured = {
    HEAD_REPOSITORY: 'acme/zero-etl',
    REPOSITORY: 'acme/zero-etl',
    ACTOR: 'alice',
    BACKEND: 's3',
    STATE_BUCKET: 'acme-zero-etl-state',
    TFC_ORGANIZATION: '',
    PLAN_ROLE: 'arn:aws:iam::111111111111:role/zero-etl-plan',
    REGION: 'us-east-1',
    HAS_TF_TOKEN: 'false',
  };

  function runGate(overrides: Partial<typeof configured>): { run: string; summary: string; stdout: string } {
    const dir = mkdtempSync(join(tmpdir(), 'plan-gate-'));
    const output = join(dir, 'output');
    const summary = join(dir, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const stdout = execFileSync('bash', ['-eo', 'pipefail', '-c', gate.run!], {
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        ...configured,
        ...overrides,
      },
      encoding: 'utf8',
    });
    return { run: readFileSync(output, 'utf8').trim(), summary: readFileSync(summary, 'utf8'), stdout };
  }

  it('plans a same-repository pull request when the S3 backend is configured', () => {
    expect(runGate({}).run).toBe('run=true');
  });

  it('skips a fork pull request with a clear note', () => {
    const result = runGate({ HEAD_REPOSITORY: 'mallory/zero-etl' });
    expect(result.run).toBe('run=false');
    expect(result.stdout).toMatch(
      /^::notice title=Terraform plan skipped::This pull request comes from a fork/,
    );
    expect(result.summary).toContain('no secrets and no OIDC token');
  });

  it('skips when the repository is not configured, naming the variable to set', () => {
    expect(runGate({ BACKEND: '' }).summary).toContain(
      'set the repository variable ZERO_ETL_BACKEND to s3 or cloud',
    );
    expect(runGate({ PLAN_ROLE: '' }).summary).toContain('AWS_PLAN_ROLE_ARN');
  });

  it('plans in Terraform Cloud mode only with an organization and a token', () => {
    const cloud = { BACKEND: 'cloud', TFC_ORGANIZATION: 'acme', STATE_BUCKET: '', PLAN_ROLE: '' };
    expect(runGate({ ...cloud, HAS_TF_TOKEN: 'true' }).run).toBe('run=true');
    expect(runGate({ ...cloud, HAS_TF_TOKEN: 'false' }).summary).toContain('TF_API_TOKEN');
  });
});

describe('apply configuration check (the real step script, run with bash)', () => {
  const check = applyAction.runs.steps[0];

  function runCheck(env: Record<string, string>): { status: number | null; stdout: string } {
    const result = spawnSync('bash', ['-eo', 'pipefail', '-c', check.run!], {
      env: { PATH: process.env.PATH, STACK: 'prod', ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout };
  }

  it('refuses to apply with a local backend, which would lose the state', () => {
    const result = runCheck({ ZERO_ETL_BACKEND: '' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=Cannot apply prod::Set the repository variable ZERO_ETL_BACKEND/,
    );
  });

  it('accepts a configured S3 backend and rejects one without the apply role', () => {
    const s3 = {
      ZERO_ETL_BACKEND: 's3',
      ZERO_ETL_STATE_BUCKET: 'b',
      APPLY_ROLE: 'arn:aws:iam::1:role/a',
      REGION: 'us-east-1',
    };
    expect(runCheck(s3).status).toBe(0);
    const missing = runCheck({ ...s3, APPLY_ROLE: '' });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('AWS_APPLY_ROLE_ARN_PROD (bootstrap output apply_role_arn_prod');
  });
});
