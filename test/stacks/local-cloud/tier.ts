/**
 * The local-cloud tier's runs: one local cloud (IAM enforced after its admin is created) and the
 * pipelines that drive it concurrently, each publishing milestones the specifications in this
 * folder await (test/harness/milestones.ts):
 *
 * - bootstrap, dev, prod: apply, second plan, plan without the round-trip allowlist, destroy
 *   (protected stacks first refuse it);
 * - dev also: an update, the deploy steps run directly with the real AWS CLI, a pull request's
 *   plan with the plan role's credentials from the S3 state;
 * - bootstrap also: the roles' credentials and boundaries;
 * - guard: a stack for another account is refused;
 * - preconditions: integrations whose source or target is not ready fail at apply.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { toResult } from '../../../lambda/src/report';
import { DeleteDBClusterCommand, DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { GetWorkgroupCommand, UpdateWorkgroupCommand } from '@aws-sdk/client-redshift-serverless';
import { DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { awsCliEnvironment } from '../../../local/cloud/aws-cli';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud/server/launcher';
import { type AwsCredentials } from '../../../local/cloud/terraform/override';
import { type PlannedChange } from '../../../local/cloud/terraform/plan-changes';
import {
  MotoStack,
  stopTerraformRuns,
  type MotoStackOptions,
  type TerraformRun,
} from '../../../local/cloud/terraform/stack-copy';
import { textTable } from '../../../shared/text-table';
import { buildApp, type BuildAppOptions } from '../../../stacks/app';
import { s3StateKey } from '../../../stacks/backend';
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import { SCRIPTS_DIR } from '../../../paths';
import { WORKGROUP_CONFIG_PARAMETERS } from '../../../rules';
import { applyRoleName } from '../../../stacks/constructs/github-oidc-roles';
import { environmentBoundaryArn } from '../../../stacks/constructs/workload-roles';
import { synthStackDir } from '../../harness/terraform';
import {
  assumeRole,
  emptyBucket,
  roleBoundaries,
  withCloudwatchUnderMotoName,
  type AdminSession,
} from '../../harness/local-cloud-calls';
import { localCloudClients, type LocalCloudClients } from '../../harness/local-cloud-clients';
import { Milestones } from '../../harness/milestones';
import { type Json } from '../../harness/json';
import { prepareUnreadyIntegrations, unreadyIntegrationsStack } from './unready-integrations';

export const MINUTES = 60_000;
export const config = parseConfig(PROJECT_CONFIG, {});
const s3Backend = parseConfig(PROJECT_CONFIG, { ZERO_ETL_BACKEND: 's3' }).backend as Extract<
  ReturnType<typeof parseConfig>['backend'],
  { type: 's3' }
>;
export const ACCOUNT = config.bootstrap.accountId;
export const REGION = config.bootstrap.region;
export const STATE_BUCKET = config.bootstrap.stateBucket;
export const DEV_STATE_KEY = s3StateKey(s3Backend.keyPrefix, 'dev');
export const PLAN_ROLE = `${config.project}-github-plan`;
/** The dev environment's apply role: the one the main branch's apply job assumes. */
export const APPLY_ROLE = applyRoleName(config.project, 'dev');
/** The production apply role: only the production GitHub environment may assume it. */
export const PROD_APPLY_ROLE = applyRoleName(config.project, 'prod');
/** Named like one of dev's roles, so the apply role's rights cover it (the probes' positive control). */
const DEV_PREFIX = config.environments.find((e) => e.name === 'dev')!.namePrefix;
export const ENVIRONMENT_ROLE = `${DEV_PREFIX}-local-cloud-probe`;
/** The dev environment's permissions boundary, which every dev role carries. */
export const ENVIRONMENT_BOUNDARY = environmentBoundaryArn(ACCOUNT, DEV_PREFIX);
export const DEV_CLUSTER = `${config.project}-dev-aurora`;
export const DEV_WRITER = `${DEV_CLUSTER}-1`;
export const PROD_CLUSTER = `${config.project}-prod-aurora`;
export const DEV_WORKGROUP = config.environments.find((e) => e.name === 'dev')!.namePrefix;

/**
 * Deploy-step settings for the local cloud: its status changes take 1 s (the launcher's default),
 * so the steps need not wait minutes; they still poll, like on AWS.
 */
export const STEP_ENVIRONMENT = {
  PENDING_REBOOT_WAIT_SECONDS: '3',
  POLL_SECONDS: '1',
  TIMEOUT_SECONDS: '120',
};
/** What the docker-less Lambda answers to `migrate` (the contract of lambda/src/report.ts). */
const MIGRATED = toResult(200, {
  run_id: 'local-cloud',
  total_records: 0,
  resources: {},
  errors: [],
  statements: 9,
});

/**
 * The update: one more audit event (applied immediately) and one extra parameter (applied at the next
 * reboot, so the local cloud reports the writer pending-reboot and the reboot step reboots it) in the
 * zero-ETL parameter group, and a slower schedule.
 */
function updatedConfig(): Json {
  const raw = structuredClone(PROJECT_CONFIG) as Json;
  raw.environments.dev.aurora = {
    ...raw.environments.dev.aurora,
    auditEvents: ['CONNECT', 'QUERY_DCL', 'QUERY_DDL', 'TABLE'],
    extraClusterParameters: {
      ...raw.environments.dev.aurora?.extraClusterParameters,
      innodb_print_all_deadlocks: '1',
    },
  };
  raw.environments.dev.ingest = { ...raw.environments.dev.ingest, schedule: 'rate(15 minutes)' };
  return raw;
}

/** Synthesizes the named stacks of the real app (built once) and returns their folders. */
function synthesize(names: readonly string[], options: BuildAppOptions = {}): Record<string, string> {
  const app = buildApp(Testing.app(), { env: {}, ...options });
  return Object.fromEntries(
    names.map((name) => [name, synthStackDir(app.node.findChild(name) as TerraformStack)]),
  );
}

/** The scripts the configuration's deploy steps (terraform_data local-exec provisioners) run. */
export function deployStepScripts(stackConfig: Json): string[] {
  return Object.values((stackConfig.resource?.terraform_data ?? {}) as Record<string, Json>).flatMap((step) =>
    (step.provisioner ?? []).map(
      (provisioner: Json) => /([\w-]+)"?$/.exec(provisioner['local-exec'].command)![1],
    ),
  );
}

export interface RoundTrip {
  readonly applied: { run: TerraformRun; state: string[] };
  readonly secondPlan: { code: number; changes: PlannedChange[] };
  readonly rawPlan: { code: number; changes: PlannedChange[] };
}

export interface Destroyed {
  readonly refused?: TerraformRun;
  /** The API's answer to deleting a protected resource directly. */
  readonly refusedCall?: string;
  readonly lifted?: readonly string[];
  readonly run: TerraformRun;
  readonly state: string[];
}

export interface StepRun {
  readonly code: number | null;
  readonly stderr: string;
}

/** `exit 0`, or the exit code with the end of the output (so a failure shows why). */
export function outcome(run: TerraformRun | undefined): string {
  if (!run) return 'not run';
  return run.code === 0
    ? 'exit 0'
    : `exit ${run.code}:\n${run.output.trimEnd().split('\n').slice(-40).join('\n')}`;
}

/** The tier's shared state: the local cloud, the stack copies and the milestones of the runs. */
export class Tier {
  readonly milestones = new Milestones();
  readonly stacks: Record<string, MotoStack> = {};
  readonly started: Record<string, number> = {};
  readonly finished: Record<string, number> = {};
  readonly appliedResources: Record<string, number> = {};
  cloud!: LocalCloud;
  admin!: AwsCredentials & { arn: string };
  session!: AdminSession;
  scratch!: string;

  /** Runs a deploy-step script with the real AWS CLI (through the wrapper) as the local-cloud admin. */
  runStep(name: string, env: Record<string, string>): Promise<StepRun> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [join(SCRIPTS_DIR, name)], {
        env: {
          ...awsCliEnvironment(this.cloud.url, this.admin),
          ...STEP_ENVIRONMENT,
          AWS_REGION: REGION,
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  /** SDK clients with the admin's keys (the deploy steps, not these calls, are what the AWS CLI is tested with). */
  get sdk(): LocalCloudClients {
    return localCloudClients(this.cloud.url, this.admin, REGION);
  }

  private async roundTrip(name: string, stack: MotoStack): Promise<RoundTrip> {
    const { milestones } = this;
    await stack.init();
    // Each apply-schema step invokes the migrate function once; the docker-less Lambda answers from the queue.
    const invocations = deployStepScripts(stack.configuration).filter((script) => script === 'apply-schema');
    if (invocations.length > 0)
      await this.cloud.queueLambdaResults(
        invocations.map(() => MIGRATED),
        REGION,
      );
    const run = await stack.apply();
    const applied = milestones.reached(`${name}.applied`, { run, state: await stack.stateList() });
    this.appliedResources[name] = applied.state.filter((address) => !address.startsWith('data.')).length;
    const secondPlan = milestones.reached(`${name}.secondPlan`, await stack.plan('second-plan'));
    const rawPlan = milestones.reached(
      `${name}.rawPlan`,
      await stack.withoutRoundTripAllowlist(() => stack.plan('plan-without-allowlist')),
    );
    return { applied, secondPlan, rawPlan };
  }

  /**
   * Destroys the stack. A `prevent_destroy` stack is first refused by Terraform itself (at plan time).
   * A `deletion-protection` stack is first refused by the API: DeleteDBCluster on the protected cluster
   * is called directly, because the provider retries that refusal for a fixed two minutes
   * (resourceClusterDelete in provider 5.100.0) before it reports the same error.
   */
  private async destroy(
    name: string,
    stack: MotoStack,
    protection?: 'prevent-destroy' | 'deletion-protection',
  ): Promise<void> {
    let refused: TerraformRun | undefined;
    let refusedCall: string | undefined;
    let lifted: string[] | undefined;
    if (protection === 'prevent-destroy') refused = await stack.destroy('destroy-refused');
    if (protection === 'deletion-protection') {
      refusedCall = await this.sdk.rds
        .send(new DeleteDBClusterCommand({ DBClusterIdentifier: PROD_CLUSTER, SkipFinalSnapshot: true }))
        .then(
          () => 'deleted',
          (error: Error) => `${error.name}: ${error.message}`,
        );
    }
    if (protection) {
      lifted = stack.liftProtection();
      if (lifted.length > 0) {
        await stack.apply(
          'lift-protection',
          lifted.map((address) => `-target=${address}`),
        );
      }
    }
    const run = await stack.destroy();
    this.milestones.reached(`${name}.destroyed`, {
      refused,
      refusedCall,
      lifted,
      run,
      state: await stack.stateList(),
    });
    this.finished[name] = Date.now();
  }

  async start(): Promise<void> {
    this.scratch = mkdtempSync(join(tmpdir(), 'zero-etl-local-cloud-'));
    this.cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true });
    this.admin = this.cloud.admin!;
    this.session = { url: this.cloud.url, admin: this.admin, accountId: ACCOUNT, region: REGION };
    const dirs = synthesize(['bootstrap', 'dev', 'prod']);
    const base = { endpoint: this.cloud.url, credentials: this.admin, stepEnvironment: STEP_ENVIRONMENT };
    this.stacks.bootstrap = MotoStack.create('bootstrap', dirs.bootstrap, {
      ...base,
      // MOTO_TEST_COPY_ADJUSTMENTS.githubRoleTrust
      assumableBy: { roleNames: [PLAN_ROLE, APPLY_ROLE, PROD_APPLY_ROLE], principalArn: this.admin.arn },
    });
    this.stacks.dev = MotoStack.create('dev', dirs.dev, base);
    this.stacks.prod = MotoStack.create('prod', dirs.prod, base);
    for (const name of Object.keys(this.stacks)) this.started[name] = Date.now();

    void this.milestones.run('bootstrap', () => this.bootstrap());
    void this.milestones.run('guard', () => this.guard(base));
    void this.milestones.run('prod', async () => {
      await this.roundTrip('prod', this.stacks.prod);
      await this.destroy('prod', this.stacks.prod, 'deletion-protection');
    });
    void this.milestones.run('dev', () => this.dev());
    void this.milestones.run('preconditions', () => this.preconditions(base));
  }

  private async bootstrap(): Promise<void> {
    const { milestones } = this;
    const stack = this.stacks.bootstrap;
    await this.roundTrip('bootstrap', stack);
    // MOTO_TEST_COPY_ADJUSTMENTS.stateBucketTlsOnlyPolicy: only now that it has round-tripped.
    await this.sdk.s3.send(new DeleteBucketPolicyCommand({ Bucket: STATE_BUCKET }));
    const roles = milestones.reached('bootstrap.roleCredentials', {
      plan: await assumeRole(this.session, PLAN_ROLE),
      apply: await assumeRole(this.session, APPLY_ROLE),
    });
    await milestones.wait('dev.stateInS3');
    milestones.reached(
      'bootstrap.roleBoundaries',
      await roleBoundaries(this.session, roles.plan, roles.apply, {
        planRole: PLAN_ROLE,
        applyRole: APPLY_ROLE,
        stateBucket: STATE_BUCKET,
        stateKey: DEV_STATE_KEY,
        scratch: this.scratch,
        environmentRole: ENVIRONMENT_ROLE,
        environmentBoundary: ENVIRONMENT_BOUNDARY,
      }),
    );
    // The roles and the state bucket are needed until dev's pull-request plan is done.
    await milestones.wait('dev.pullRequestPlan').catch(() => undefined);
    await emptyBucket(this.session, STATE_BUCKET);
    await this.destroy('bootstrap', stack, 'prevent-destroy');
  }

  /** The account guard is live in the copies: a stack for another account is refused. */
  private async guard(base: MotoStackOptions): Promise<void> {
    const dir = join(this.scratch, 'other-account');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'cdk.tf.json'),
      JSON.stringify({
        provider: { aws: [{ region: REGION, allowed_account_ids: ['222222222222'] }] },
        resource: { aws_sns_topic: { topic: { name: 'local-cloud-guard' } } },
      }),
    );
    const guard = (this.stacks['other-account'] = MotoStack.create('other-account', dir, base));
    await guard.init();
    this.milestones.reached('guard.plan', await guard.terraform('plan', ['plan', '-input=false']));
  }

  private async dev(): Promise<void> {
    const { milestones } = this;
    const stack = this.stacks.dev;
    await this.roundTrip('dev', stack);

    const updatedDir = synthesize(['dev'], { config: updatedConfig() }).dev;
    stack.useConfiguration(updatedDir);
    const updatePlan = milestones.reached('dev.updatePlan', await stack.plan('update-plan'));
    const updateApply = await stack.run('update-apply', ['apply', '-input=false', updatePlan.planFile]);
    milestones.reached('dev.updateApplied', {
      run: updateApply,
      members: await this.sdk.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: DEV_CLUSTER })),
    });
    milestones.reached('dev.afterUpdatePlan', await stack.plan('plan-after-update'));
    await this.devDeploySteps();
    await this.devPullRequestPlan();
    await this.destroy('dev', stack);
  }

  /** The deploy steps run directly on the applied dev stack, where their outcomes differ from the apply. */
  private async devDeploySteps(): Promise<void> {
    const { milestones } = this;
    // No other invocation may take the queued answer: prod's apply-schema has run by then.
    await milestones.wait('prod.applied');
    const rebootNothingPending = await this.runStep('reboot-instances-if-pending', {
      CLUSTER_ID: DEV_CLUSTER,
      PENDING_REBOOT_WAIT_SECONDS: '1',
    });
    const rebootUnknownCluster = await this.runStep('reboot-instances-if-pending', {
      CLUSTER_ID: 'zero-etl-no-such-cluster',
    });
    await this.cloud.queueLambdaResults(
      [
        toResult(500, {
          run_id: 'local-cloud',
          total_records: 0,
          resources: {},
          errors: [{ resource: 'schema', reason: 'ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded' }],
        }),
      ],
      REGION,
    );
    const applySchemaFails = await this.runStep('apply-schema', {
      FUNCTION_NAME: `${config.project}-dev-migrate`,
    });

    // A parameter changed outside Terraform (which ignores them after creation, K2): the step finds it.
    const desired = { ...WORKGROUP_CONFIG_PARAMETERS };
    await this.sdk.serverless.send(
      new UpdateWorkgroupCommand({
        workgroupName: DEV_WORKGROUP,
        configParameters: [{ parameterKey: 'require_ssl', parameterValue: 'false' }],
      }),
    );
    const sync = { WORKGROUP_NAME: DEV_WORKGROUP, CONFIG_PARAMETERS: JSON.stringify(desired) };
    const syncCheckDrift = await this.runStep('sync-workgroup-parameters', { ...sync, CHECK_ONLY: '1' });
    const syncRepairs = await this.runStep('sync-workgroup-parameters', sync);
    const syncNothingToDo = await this.runStep('sync-workgroup-parameters', sync);
    const { workgroup } = await this.sdk.serverless.send(
      new GetWorkgroupCommand({ workgroupName: DEV_WORKGROUP }),
    );
    milestones.reached('dev.deploySteps', {
      rebootNothingPending,
      rebootUnknownCluster,
      applySchemaFails,
      syncCheckDrift,
      syncRepairs,
      syncNothingToDo,
      liveParameters: Object.fromEntries(
        (workgroup?.configParameters ?? []).map((p) => [p.parameterKey, p.parameterValue]),
      ),
      desired,
    });
  }

  /** A pull request's plan: the state in the bootstrap bucket, written by the apply role, planned by the plan role. */
  private async devPullRequestPlan(): Promise<void> {
    const { milestones } = this;
    const { plan, apply } = await milestones.wait<{ plan: AwsCredentials; apply: AwsCredentials }>(
      'bootstrap.roleCredentials',
    );
    const s3Dir = synthesize(['dev'], { config: updatedConfig(), env: { ZERO_ETL_BACKEND: 's3' } }).dev;
    const pr = (this.stacks['dev-pull-request'] = MotoStack.create('dev-pull-request', s3Dir, {
      endpoint: this.cloud.url,
      credentials: apply,
      keepBackend: true,
    }));
    await pr.init();
    const pushed = await pr.run('state-push', [
      'state',
      'push',
      join(this.stacks.dev.workDir, 'terraform.tfstate'),
    ]);
    milestones.reached('dev.stateInS3', pushed);
    pr.useCredentials(plan);
    milestones.reached(
      'dev.pullRequestPlan',
      await withCloudwatchUnderMotoName(this.session, PLAN_ROLE, async () => ({
        prPlan: await pr.plan('pull-request-plan', ['-lock=false']),
        locked: await pr.terraform('pull-request-plan-locking', ['plan', '-input=false']),
      })),
    );
  }

  /** Integrations whose source lacks a binlog parameter, or whose target does not authorise them: apply fails. */
  private async preconditions(base: MotoStackOptions): Promise<void> {
    const dir = join(this.scratch, 'unready-integrations');
    mkdirSync(dir);
    const arns = await prepareUnreadyIntegrations(this.cloud.url, this.admin, REGION);
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(unreadyIntegrationsStack(REGION, ACCOUNT, arns)));
    const stack = (this.stacks['unready-integrations'] = MotoStack.create('unready-integrations', dir, base));
    await stack.init();
    const apply = await stack.terraform('apply', ['apply', '-auto-approve', '-input=false']);
    const destroy = await stack.destroy();
    this.milestones.reached('preconditions.applied', {
      apply,
      arns,
      destroy,
      state: await stack.stateList(),
    });
  }

  /** Ends every run, prints the per-stack table, stops the local cloud and removes the copies (unless kept). */
  async stop(): Promise<void> {
    const rows = Object.entries(this.stacks)
      .filter(([name]) => this.started[name] !== undefined)
      .map(([name, stack]) => {
        const seconds = (match: (phase: string) => boolean) => `${stack.secondsIn(match).toFixed(0)} s`;
        return [
          name,
          String(this.appliedResources[name] ?? '-'),
          String(stack.leftOut.leftOut.length),
          seconds((phase) => phase === 'apply'),
          seconds((phase) => /plan/.test(phase)),
          seconds((phase) => phase.startsWith('update')),
          seconds((phase) => /destroy|lift/.test(phase)),
          this.finished[name]
            ? `${((this.finished[name] - this.started[name]) / 1000).toFixed(0)} s`
            : 'unfinished',
        ];
      });
    if (rows.length > 0) {
      console.log(
        `local-cloud tier per stack (all concurrently, one local cloud; times are wall time):\n${textTable(
          ['stack', 'applied', 'left out', 'apply', 'plans', 'update', 'destroy', 'total'],
          rows,
        )}`,
      );
    }
    await stopTerraformRuns();
    const keep = Boolean(process.env.ZERO_ETL_KEEP_LOCAL_CLOUD_COPIES);
    await this.cloud?.stop({ keepLog: keep });
    if (!keep) {
      for (const stack of Object.values(this.stacks)) stack.remove();
      if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    } else {
      console.log(
        `local-cloud copies kept: ${Object.values(this.stacks)
          .map((stack) => stack.workDir)
          .join(' ')} ${this.cloud?.logFile ?? ''}`,
      );
    }
  }
}
