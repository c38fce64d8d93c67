/**
 * The local-cloud tier's runs: one local cloud (IAM enforced after its admin is created) and the
 * pipelines that drive it concurrently, each publishing milestones the specifications in this
 * folder await (test/harness/milestones.ts):
 *
 * - bootstrap, dev, prod: apply (every deploy step, on the data plane), second plan, plan without
 *   the round-trip allowlist, destroy (protected stacks first refuse it);
 * - dev also: what `npm run local-cloud -- deploy` does (local/cloud/deployment.ts): the ingestion
 *   invoked as its schedule does and scripts/verify-replication; then an update (a reboot-applied
 *   parameter and a data filter that leaves a table out, which replaces the integration), verified
 *   again; a table without a primary key; the deploy steps run directly with the real AWS CLI; a pull
 *   request's plan with the plan role's credentials from the S3 state;
 * - bootstrap also: the roles' credentials and boundaries;
 * - guard: a stack for another account is refused;
 * - preconditions: integrations whose source or target is not ready fail at apply.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { DeleteDBClusterCommand, DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { GetWorkgroupCommand, UpdateWorkgroupCommand } from '@aws-sdk/client-redshift-serverless';
import { DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { startFixtureApiServer, type FixtureApiServer } from '../../../local/dataplane/fixtures/api-server';
import { generateDataset } from '../../../local/dataplane/fixtures/dataset';
import {
  connectAsMaster,
  dataPlaneStackCopy,
  invokeScheduledIngestion,
  pointIngestionAt,
  runScript,
  STEP_ENVIRONMENT,
  verifyReplication,
  type DeploymentTarget,
  type ScriptRun,
} from '../../../local/cloud/deployment';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud/server/launcher';
import { type AwsCredentials } from '../../../local/cloud/terraform/override';
import { MOTO_ROUND_TRIP_GAPS } from '../../../local/cloud/terraform/allowlist';
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
import { PROJECT_CONFIG, parseConfig, type EnvironmentConfig } from '../../../stacks/config';
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
export const DEV = config.environments.find((e) => e.name === 'dev')!;
/** The table the update's data filter leaves out: it leaves the warehouse. */
export const FILTERED_OUT_TABLE = 'photos';
/** A table created by hand without a primary key: the integration cannot replicate it (Failed). */
export const TABLE_WITHOUT_KEY = 'notes_without_key';

/**
 * The update: one more audit event (applied immediately) and one extra parameter (applied at the next
 * reboot, so the local cloud reports the writer pending-reboot and the reboot step reboots it) in the
 * zero-ETL parameter group, a slower schedule, and a data filter that leaves one table out (provider
 * 5.x replaces the integration for it; create-integration-database re-creates the target database).
 */
function updatedConfig(): Json {
  const raw = structuredClone(PROJECT_CONFIG) as Json;
  const database = DEV.aurora.databaseName;
  raw.environments.dev.integration = {
    ...raw.environments.dev.integration,
    dataFilter: `include: ${database}.*, exclude: ${database}.${FILTERED_OUT_TABLE}`,
  };
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

export type StepRun = ScriptRun;

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
  /** The ingestion's source: the project's fixture API (the internet is out of reach). */
  api!: FixtureApiServer;
  admin!: AwsCredentials & { arn: string };
  session!: AdminSession;
  scratch!: string;

  /** Runs a deploy-step script with the real AWS CLI (through the wrapper) as the local-cloud admin. */
  runStep(name: string, env: Record<string, string>): Promise<StepRun> {
    return runScript(name, this.target, { AWS_REGION: REGION, ...env });
  }

  /** The local cloud as the deploy command's steps see it, signed by the admin. */
  get target(): DeploymentTarget {
    return { url: this.cloud.url, credentials: this.admin, accountId: ACCOUNT };
  }

  /** SDK clients with the admin's keys (the deploy steps, not these calls, are what the AWS CLI is tested with). */
  get sdk(): LocalCloudClients {
    return localCloudClients(this.cloud.url, this.admin, REGION);
  }

  /**
   * Init, apply, second plan, plan without the allowlist. `meanwhile` runs beside the last plan: work
   * on the applied stack that runs no terraform in its copy (the plan rewrites the copy's override).
   */
  private async roundTrip(
    name: string,
    stack: MotoStack,
    meanwhile: () => Promise<void> = async () => undefined,
  ): Promise<RoundTrip> {
    const { milestones } = this;
    await stack.init();
    const run = await stack.apply();
    const applied = milestones.reached(`${name}.applied`, { run, state: await stack.stateList() });
    this.appliedResources[name] = applied.state.filter((address) => !address.startsWith('data.')).length;
    const secondPlan = milestones.reached(`${name}.secondPlan`, await stack.plan('second-plan'));
    const [rawPlan] = await Promise.all([
      // With nothing allowlisted, the second plan is already the plan without the allowlist.
      MOTO_ROUND_TRIP_GAPS.length > 0
        ? stack.withoutRoundTripAllowlist(() => stack.plan('plan-without-allowlist'))
        : secondPlan,
      meanwhile(),
    ]);
    milestones.reached(`${name}.rawPlan`, rawPlan);
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
    this.cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true, dataPlane: true });
    this.api = await startFixtureApiServer({ dataset: generateDataset() });
    this.admin = this.cloud.admin!;
    this.session = { url: this.cloud.url, admin: this.admin, accountId: ACCOUNT, region: REGION };
    const dirs = synthesize(['bootstrap', 'dev', 'prod']);
    const base = { endpoint: this.cloud.url, credentials: this.admin, stepEnvironment: STEP_ENVIRONMENT };
    this.stacks.bootstrap = MotoStack.create('bootstrap', dirs.bootstrap, {
      ...base,
      // MOTO_TEST_COPY_ADJUSTMENTS.githubRoleTrust
      assumableBy: { roleNames: [PLAN_ROLE, APPLY_ROLE, PROD_APPLY_ROLE], principalArn: this.admin.arn },
    });
    this.stacks.dev = dataPlaneStackCopy('dev', pointIngestionAt(dirs.dev, DEV, this.api.url), this.target);
    this.stacks.prod = dataPlaneStackCopy('prod', dirs.prod, this.target);
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

  /** Dev as `npm run local-cloud -- deploy dev` runs it, then updated, verified again and probed. */
  private async dev(): Promise<void> {
    const { milestones } = this;
    const stack = this.stacks.dev;
    await this.roundTrip('dev', stack, async () => {
      milestones.reached(
        'dev.ingested',
        await invokeScheduledIngestion(this.target, DEV, join(stack.workDir, 'ingest-response.json')),
      );
      milestones.reached('dev.replicated', await verifyReplication(this.target, DEV));
    });

    const updated = updatedConfig();
    const updatedDev = parseConfig(updated, {}).environments.find((e) => e.name === 'dev')!;
    stack.useConfiguration(
      pointIngestionAt(synthesize(['dev'], { config: updated }).dev, updatedDev, this.api.url),
    );
    const updatePlan = milestones.reached('dev.updatePlan', await stack.plan('update-plan'));
    const updateApply = await stack.run('update-apply', ['apply', '-input=false', updatePlan.planFile]);
    milestones.reached('dev.updateApplied', {
      run: updateApply,
      members: await this.sdk.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: DEV_CLUSTER })),
    });
    milestones.reached('dev.updateReplicated', await verifyReplication(this.target, updatedDev));
    // The plan after the update, and the pull request's plan (a copy of its own, from the state pushed
    // to S3), run beside the probes below, which change nothing Terraform manages: a table in the
    // source, a workgroup parameter Terraform ignores after creation (K2, and restored).
    const plans = Promise.all([
      stack.plan('plan-after-update').then((plan) => milestones.reached('dev.afterUpdatePlan', plan)),
      this.devPullRequestPlan(),
    ]);
    plans.catch(() => undefined); // awaited below
    milestones.reached('dev.tableWithoutKey', await this.tableWithoutPrimaryKey(updatedDev));
    await this.devDeploySteps();
    await plans;
    await this.destroy('dev', stack);
  }

  /**
   * A table without a primary key created in dev's source, as the master user through the cluster
   * endpoint: the integration cannot replicate it, and verify-replication says so at once.
   */
  private async tableWithoutPrimaryKey(environment: EnvironmentConfig): Promise<ScriptRun> {
    const source = await connectAsMaster(this.target, environment, this.cloud.caFile!);
    try {
      await source.query(
        `CREATE TABLE ${TABLE_WITHOUT_KEY} (id INT NOT NULL, note VARCHAR(40)) ENGINE=InnoDB`,
      );
      await source.query(`INSERT INTO ${TABLE_WITHOUT_KEY} VALUES (1, 'no key')`);
    } finally {
      await source.end();
    }
    return verifyReplication(this.target, environment, { timeoutSeconds: 120 });
  }

  /** The deploy steps run directly on the applied dev stack, where their outcomes differ from the apply. */
  private async devDeploySteps(): Promise<void> {
    const { milestones } = this;
    const rebootNothingPending = await this.runStep('reboot-instances-if-pending', {
      CLUSTER_ID: DEV_CLUSTER,
      PENDING_REBOOT_WAIT_SECONDS: '1',
    });
    const rebootUnknownCluster = await this.runStep('reboot-instances-if-pending', {
      CLUSTER_ID: 'zero-etl-no-such-cluster',
    });
    // The ingestion function's database user may only write its tables: migrate through it fails for real.
    const applySchemaFails = await this.runStep('apply-schema', {
      FUNCTION_NAME: `${config.project}-dev-ingest`,
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
    const updated = updatedConfig();
    const s3Dir = pointIngestionAt(
      synthesize(['dev'], { config: updated, env: { ZERO_ETL_BACKEND: 's3' } }).dev,
      parseConfig(updated, {}).environments.find((e) => e.name === 'dev')!,
      this.api.url,
    );
    const pr = (this.stacks['dev-pull-request'] = MotoStack.create('dev-pull-request', s3Dir, {
      endpoint: this.cloud.url,
      credentials: apply,
      keepBackend: true,
      runEveryDeployStep: true,
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
    await this.api?.close();
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
