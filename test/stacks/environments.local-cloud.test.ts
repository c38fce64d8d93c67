/**
 * The local-cloud tier: what offline plans cannot show, against moto (getmoto/moto in server mode,
 * IAM enforced for every request after the local-cloud admin is created).
 *
 * Like the provider's own acceptance tests, every stack is applied, planned again (no changes:
 * only the commented allowlist in local/cloud/terraform/allowlist.ts is forgiven, and each of its entries is
 * re-proven) and destroyed; prod and bootstrap must refuse the destroy until their protection is
 * lifted in the test copy. dev is also updated, runs its deploy steps with the real AWS CLI, and
 * is planned from its S3 state with the plan role's credentials, and the bootstrap stack's roles
 * are held to their boundaries. The three stacks run concurrently against one moto server; each
 * `it` awaits the milestone it specifies.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { toResult } from '../../lambda/src/report';
import { awsCliEnvironment, awsJson } from '../../local/cloud/aws-cli';
import { gapsFor, type AwsCredentials } from '../../local/cloud/terraform/override';
import { describeChanges, type PlannedChange } from '../../local/cloud/terraform/plan-changes';
import { startLocalCloud, type LocalCloud } from '../../local/cloud/server/launcher';
import { MotoStack, stopTerraformRuns, type TerraformRun } from '../../local/cloud/terraform/stack-copy';
import { textTable } from '../../shared/text-table';
import { buildApp, type BuildAppOptions } from '../../stacks/app';
import { s3StateKey } from '../../stacks/backend';
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import { SCRIPTS_DIR } from '../../paths';
import { synthStackDir } from '../harness/terraform';
import {
  assumeRole,
  emptyBucket,
  roleBoundaries,
  withCloudwatchUnderMotoName,
  type AdminSession,
  type Probe,
} from '../harness/local-cloud-calls';
import { Milestones } from '../harness/milestones';
import { type Json } from '../harness/json';

const MINUTES = 60_000;
const config = parseConfig(PROJECT_CONFIG, {});
const s3Backend = parseConfig(PROJECT_CONFIG, { ZERO_ETL_BACKEND: 's3' }).backend as Extract<
  ReturnType<typeof parseConfig>['backend'],
  { type: 's3' }
>;
const ACCOUNT = config.bootstrap.accountId;
const REGION = config.bootstrap.region;
const STATE_BUCKET = config.bootstrap.stateBucket;
const DEV_STATE_KEY = s3StateKey(s3Backend.keyPrefix, 'dev');
const PLAN_ROLE = `${config.project}-github-plan`;
const APPLY_ROLE = `${config.project}-github-apply`;
/** Named like one of dev's roles, so the apply role's rights cover it (the probes' positive control). */
const ENVIRONMENT_ROLE = `${config.environments.find((e) => e.name === 'dev')!.namePrefix}-local-cloud-probe`;
const ADMIN_USER = 'local-cloud-admin';
const DEV_CLUSTER = `${config.project}-dev-aurora`;

/** Deploy-step settings for the local cloud: moto never reports pending-reboot, so wait briefly. */
const STEP_ENVIRONMENT = { PENDING_REBOOT_WAIT_SECONDS: '3', POLL_SECONDS: '0.5', TIMEOUT_SECONDS: '120' };
/** What the docker-less Lambda answers to `migrate` (the contract of lambda/src/report.ts). */
const MIGRATED = toResult(200, {
  run_id: 'local-cloud',
  total_records: 0,
  resources: {},
  errors: [],
  statements: 9,
});

/** What each copy must leave out: the unsupported types and what refers to them, nothing else. */
const ENVIRONMENT_LEFT_OUT = ['terraform_data.create-integration-database_C6F7C255'];
const LEFT_OUT: Record<string, string[]> = {
  bootstrap: [],
  dev: ENVIRONMENT_LEFT_OUT,
  prod: ENVIRONMENT_LEFT_OUT,
};

/**
 * The update: one more audit event (applied immediately) and one extra parameter (applied at the next
 * reboot, so the reboot step re-runs) in the zero-ETL parameter group, and a slower schedule.
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

/** Managed resource addresses of a configuration (what an apply must put into the state). */
function managedAddresses(stackConfig: Json): string[] {
  return Object.entries((stackConfig.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** The scripts the configuration's deploy steps (terraform_data local-exec provisioners) run. */
function deployStepScripts(stackConfig: Json): string[] {
  return Object.values((stackConfig.resource?.terraform_data ?? {}) as Record<string, Json>).flatMap((step) =>
    (step.provisioner ?? []).map(
      (provisioner: Json) => /([\w-]+)"?$/.exec(provisioner['local-exec'].command)![1],
    ),
  );
}

const changeLines = (changes: readonly PlannedChange[]) =>
  describeChanges(changes).split('\n').filter(Boolean);

interface RoundTrip {
  readonly applied: { run: TerraformRun; state: string[] };
  readonly secondPlan: { code: number; changes: PlannedChange[] };
  readonly rawPlan: { code: number; changes: PlannedChange[] };
}

interface Destroyed {
  readonly refused?: TerraformRun;
  readonly lifted?: readonly string[];
  readonly run: TerraformRun;
  readonly state: string[];
}

const milestones = new Milestones();
const stacks: Record<string, MotoStack> = {};
const started: Record<string, number> = {};
const finished: Record<string, number> = {};
const appliedResources: Record<string, number> = {};
let server: LocalCloud | undefined;
let admin: AwsCredentials & { arn: string };
let cloud: AdminSession;
let scratch: string;

/** `exit 0`, or the exit code with the end of the output (so a failure shows why). */
function outcome(run: TerraformRun | undefined): string {
  if (!run) return 'not run';
  return run.code === 0
    ? 'exit 0'
    : `exit ${run.code}:\n${run.output.trimEnd().split('\n').slice(-40).join('\n')}`;
}

/** Runs a deploy-step script with the real AWS CLI (through the wrapper) as the local-cloud admin. */
function runStep(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(SCRIPTS_DIR, name)], {
      env: { ...awsCliEnvironment(server!.url, admin), ...STEP_ENVIRONMENT, AWS_REGION: REGION, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function roundTrip(name: string, stack: MotoStack): Promise<RoundTrip> {
  await stack.init();
  // Each apply-schema step invokes the migrate function once; moto answers from the queue.
  const invocations = deployStepScripts(stack.configuration).filter((script) => script === 'apply-schema');
  if (invocations.length > 0)
    await server!.queueLambdaResults(
      invocations.map(() => MIGRATED),
      REGION,
    );
  const run = await stack.apply();
  const applied = milestones.reached(`${name}.applied`, { run, state: await stack.stateList() });
  appliedResources[name] = applied.state.filter((address) => !address.startsWith('data.')).length;
  const secondPlan = milestones.reached(`${name}.secondPlan`, await stack.plan('second-plan'));
  const rawPlan = milestones.reached(
    `${name}.rawPlan`,
    await stack.withoutRoundTripAllowlist(() => stack.plan('plan-without-allowlist')),
  );
  return { applied, secondPlan, rawPlan };
}

/** Destroys the stack; with `protectedStack`, first proves the destroy is refused, then lifts the protection. */
async function destroy(name: string, stack: MotoStack, protectedStack: boolean): Promise<void> {
  let refused: TerraformRun | undefined;
  let lifted: string[] | undefined;
  if (protectedStack) {
    refused = await stack.destroy('destroy-refused');
    lifted = stack.liftProtection();
    if (lifted.length > 0)
      await stack.apply(
        'lift-protection',
        lifted.map((address) => `-target=${address}`),
      );
  }
  const run = await stack.destroy();
  milestones.reached(`${name}.destroyed`, { refused, lifted, run, state: await stack.stateList() });
  finished[name] = Date.now();
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'zero-etl-local-cloud-'));
  server = await startLocalCloud({ accountId: ACCOUNT, requestsBeforeIamEnforcement: 3 });
  admin = await server.createAdmin(ADMIN_USER);
  cloud = { url: server.url, admin, accountId: ACCOUNT, region: REGION };
  const dirs = synthesize(['bootstrap', 'dev', 'prod']);
  const base = { endpoint: server.url, credentials: admin, stepEnvironment: STEP_ENVIRONMENT };
  stacks.bootstrap = MotoStack.create('bootstrap', dirs.bootstrap, {
    ...base,
    // MOTO_TEST_COPY_ADJUSTMENTS.githubRoleTrust
    assumableBy: { roleNames: [PLAN_ROLE, APPLY_ROLE], principalArn: admin.arn },
  });
  stacks.dev = MotoStack.create('dev', dirs.dev, base);
  stacks.prod = MotoStack.create('prod', dirs.prod, base);
  for (const name of Object.keys(stacks)) started[name] = Date.now();

  void milestones.run('bootstrap', async () => {
    const stack = stacks.bootstrap;
    await roundTrip('bootstrap', stack);
    // MOTO_TEST_COPY_ADJUSTMENTS.stateBucketTlsOnlyPolicy: only now that it has round-tripped.
    await awsJson(server!.url, admin, ['s3api', 'delete-bucket-policy', '--bucket', STATE_BUCKET]);
    const roles = milestones.reached('bootstrap.roleCredentials', {
      plan: await assumeRole(cloud, PLAN_ROLE),
      apply: await assumeRole(cloud, APPLY_ROLE),
    });
    await milestones.wait('dev.stateInS3');
    milestones.reached(
      'bootstrap.roleBoundaries',
      await roleBoundaries(cloud, roles.plan, roles.apply, {
        planRole: PLAN_ROLE,
        applyRole: APPLY_ROLE,
        stateBucket: STATE_BUCKET,
        stateKey: DEV_STATE_KEY,
        scratch,
        environmentRole: ENVIRONMENT_ROLE,
      }),
    );
    // The roles and the state bucket are needed until dev's pull-request plan is done.
    await milestones.wait('dev.pullRequestPlan').catch(() => undefined);
    await emptyBucket(cloud, STATE_BUCKET);
    await destroy('bootstrap', stack, true);
  });

  // The account guard is live in the copies: a stack for another account is refused.
  void milestones.run('guard', async () => {
    const dir = join(scratch, 'other-account');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'cdk.tf.json'),
      JSON.stringify({
        provider: { aws: [{ region: REGION, allowed_account_ids: ['222222222222'] }] },
        resource: { aws_sns_topic: { topic: { name: 'local-cloud-guard' } } },
      }),
    );
    const guard = (stacks['other-account'] = MotoStack.create('other-account', dir, base));
    await guard.init();
    milestones.reached('guard.plan', await guard.terraform('plan', ['plan', '-input=false']));
  });

  void milestones.run('prod', async () => {
    await roundTrip('prod', stacks.prod);
    await destroy('prod', stacks.prod, true);
  });

  void milestones.run('dev', async () => {
    const stack = stacks.dev;
    await roundTrip('dev', stack);

    const updatedDir = synthesize(['dev'], { config: updatedConfig() }).dev;
    stack.useConfiguration(updatedDir);
    const updatePlan = milestones.reached('dev.updatePlan', await stack.plan('update-plan'));
    const updateApply = await stack.run('update-apply', ['apply', '-input=false', updatePlan.planFile]);
    milestones.reached('dev.updateApplied', updateApply);
    milestones.reached('dev.afterUpdatePlan', await stack.plan('plan-after-update'));

    // No other invocation may take the queued answer: prod's apply-schema has run by then.
    await milestones.wait('prod.applied');
    const steps = {
      rebootNothingPending: await runStep('reboot-instances-if-pending', {
        CLUSTER_ID: DEV_CLUSTER,
        PENDING_REBOOT_WAIT_SECONDS: '1',
      }),
    };
    const rebootUnknownCluster = await runStep('reboot-instances-if-pending', {
      CLUSTER_ID: 'zero-etl-no-such-cluster',
    });
    await server!.queueLambdaResults(
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
    const applySchemaFails = await runStep('apply-schema', {
      FUNCTION_NAME: `${config.project}-dev-migrate`,
    });
    milestones.reached('dev.deploySteps', { ...steps, rebootUnknownCluster, applySchemaFails });

    // A pull request's plan: the state in the bootstrap bucket, written by the apply role.
    const { plan, apply } = await milestones.wait<{ plan: AwsCredentials; apply: AwsCredentials }>(
      'bootstrap.roleCredentials',
    );
    const s3Dir = synthesize(['dev'], { config: updatedConfig(), env: { ZERO_ETL_BACKEND: 's3' } }).dev;
    const pr = (stacks['dev-pull-request'] = MotoStack.create('dev-pull-request', s3Dir, {
      endpoint: server!.url,
      credentials: apply,
      keepBackend: true,
    }));
    await pr.init();
    const pushed = await pr.run('state-push', ['state', 'push', join(stack.workDir, 'terraform.tfstate')]);
    milestones.reached('dev.stateInS3', pushed);
    pr.useCredentials(plan);
    milestones.reached(
      'dev.pullRequestPlan',
      await withCloudwatchUnderMotoName(cloud, PLAN_ROLE, async () => ({
        prPlan: await pr.plan('pull-request-plan', ['-lock=false']),
        locked: await pr.terraform('pull-request-plan-locking', ['plan', '-input=false']),
      })),
    );

    await destroy('dev', stack, false);
  });
}, 5 * MINUTES);

afterAll(async () => {
  const rows = Object.entries(stacks)
    .filter(([name]) => started[name] !== undefined)
    .map(([name, stack]) => {
      const seconds = (match: (phase: string) => boolean) => `${stack.secondsIn(match).toFixed(0)} s`;
      return [
        name,
        String(appliedResources[name] ?? '-'),
        String(stack.leftOut.leftOut.length),
        seconds((phase) => phase === 'apply'),
        seconds((phase) => /plan/.test(phase)),
        seconds((phase) => phase.startsWith('update')),
        seconds((phase) => /destroy|lift/.test(phase)),
        finished[name] ? `${((finished[name] - started[name]) / 1000).toFixed(0)} s` : 'unfinished',
      ];
    });
  if (rows.length > 0) {
    console.log(
      `local-cloud tier per stack (all concurrently, one moto server; times are wall time):\n${textTable(
        ['stack', 'applied', 'left out', 'apply', 'plans', 'update', 'destroy', 'total'],
        rows,
      )}`,
    );
  }
  await stopTerraformRuns();
  const keep = Boolean(process.env.ZERO_ETL_KEEP_LOCAL_CLOUD_COPIES);
  await server?.stop({ keepLog: keep });
  if (!keep) {
    for (const stack of Object.values(stacks)) stack.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  } else {
    console.log(
      `local-cloud copies kept: ${Object.values(stacks)
        .map((stack) => stack.workDir)
        .join(' ')}`,
    );
  }
}, 2 * MINUTES);

describe.each(['bootstrap', 'dev', 'prod'])('%s stack against moto', (name) => {
  it('leaves out exactly the pinned blocks moto cannot serve, and nothing else', () => {
    const { leftOut, dependsOnRemoved } = stacks[name].leftOut;
    console.log(
      `${name}: left out for moto:\n${leftOut.map((block) => `  ${block.address}  (${block.reason})`).join('\n') || '  nothing'}`,
    );

    expect(leftOut.map((block) => block.address)).toEqual(LEFT_OUT[name]);
    expect(dependsOnRemoved).toEqual({});
  });

  it(
    'applies every other resource',
    async () => {
      const { state } = await milestones.wait<RoundTrip['applied']>(`${name}.applied`);

      expect(state.filter((address) => !address.startsWith('data.'))).toEqual(
        managedAddresses(stacks[name].configuration),
      );
    },
    10 * MINUTES,
  );

  it(
    'plans no changes the second time (up to the allowlisted moto round-trip gaps)',
    async () => {
      const { code, changes } = await milestones.wait<RoundTrip['secondPlan']>(`${name}.secondPlan`);

      expect(changeLines(changes)).toEqual([]);
      expect(code).toBe(0);
    },
    10 * MINUTES,
  );

  it(
    'still needs every allowlisted round-trip gap that applies to it (without them the plan shows each)',
    async () => {
      const { changes } = await milestones.wait<RoundTrip['rawPlan']>(`${name}.rawPlan`);
      const resources = Object.entries(
        (stacks[name].configuration.resource ?? {}) as Record<string, Json>,
      ).flatMap(([type, byName]) =>
        Object.entries(byName).map(([resourceName, body]) => ({
          type,
          address: `${type}.${resourceName}`,
          body,
        })),
      );
      const expected = resources.flatMap(({ type, address, body }) =>
        gapsFor(type, body as Json).flatMap((gap) =>
          gap.attributes.map((attribute) => `${address}.${attribute}`),
        ),
      );
      const shown = changes.flatMap((change) =>
        change.attributes.map((attribute) => `${change.address}.${attribute}`),
      );

      expect(expected.filter((entry) => !shown.includes(entry))).toEqual([]);
    },
    10 * MINUTES,
  );
});

describe('destroying the stacks in moto', () => {
  it(
    'destroys dev completely',
    async () => {
      const { run, state } = await milestones.wait<Destroyed>('dev.destroyed');

      expect(outcome(run)).toBe('exit 0');
      expect(state).toEqual([]);
    },
    15 * MINUTES,
  );

  it(
    'refuses to destroy prod while the cluster has deletion protection, then destroys it once lifted in the test copy',
    async () => {
      const { refused, lifted, run, state } = await milestones.wait<Destroyed>('prod.destroyed');

      expect(refused?.code).toBe(1);
      expect(refused?.output).toContain(
        'Cannot delete protected Cluster, please disable deletion protection',
      );
      expect(lifted).toEqual(['aws_rds_cluster.aurora_cluster_059EF40F']);
      expect(outcome(run)).toBe('exit 0');
      expect(state).toEqual([]);
    },
    15 * MINUTES,
  );

  it(
    'refuses to destroy bootstrap while the state bucket and key have prevent_destroy, then destroys it once lifted',
    async () => {
      const { refused, run, state } = await milestones.wait<Destroyed>('bootstrap.destroyed');

      expect(refused?.code).toBe(1);
      expect(refused?.output).toContain('Instance cannot be destroyed');
      expect(refused?.output).toContain('aws_s3_bucket.state_bucket_803B4E61');
      expect(refused?.output).toContain('aws_kms_key.state_key_84A4E4B8');
      expect(outcome(run)).toBe('exit 0');
      expect(state).toEqual([]);
    },
    15 * MINUTES,
  );
});

describe('an update of dev in moto: an audit event and a reboot-applied parameter more in the zero-ETL parameter group, a slower schedule', () => {
  it(
    'changes the parameter group and the schedule in place and re-runs the reboot step, nothing else',
    async () => {
      const { changes } = await milestones.wait<{ changes: PlannedChange[] }>('dev.updatePlan');

      expect(changeLines(changes)).toEqual([
        'aws_cloudwatch_event_rule.ingest_schedule_D5BC61B9: update (schedule_expression)',
        'aws_rds_cluster_parameter_group.aurora_parameters_3B993369: update (parameter)',
        'terraform_data.reboot-instances_reboot-instances-if-pending_9486BD2D: delete/create (id, triggers_replace)',
      ]);
    },
    10 * MINUTES,
  );

  it(
    'runs the reboot step with the real AWS CLI, which finds nothing pending-reboot in moto',
    async () => {
      const run = await milestones.wait<TerraformRun>('dev.updateApplied');

      expect(run.output).toContain('Apply complete! Resources: 1 added, 2 changed, 1 destroyed.');
      expect(run.output).toContain(
        '[reboot-instances-if-pending] every instance stayed in-sync for 3s: no reboot needed',
      );
    },
    10 * MINUTES,
  );

  it(
    'plans no changes after the update',
    async () => {
      const { code, changes } = await milestones.wait<{ code: number; changes: PlannedChange[] }>(
        'dev.afterUpdatePlan',
      );

      expect(changeLines(changes)).toEqual([]);
      expect(code).toBe(0);
    },
    10 * MINUTES,
  );
});

describe('the deploy steps with the real AWS CLI (v1, through local/cloud/bin/aws) on the applied dev stack', () => {
  it('keeps the steps whose calls moto serves (the others are in the pinned left-out set)', () => {
    expect(deployStepScripts(stacks.dev.configuration).sort()).toEqual([
      'apply-schema',
      'reboot-instances-if-pending',
      'sync-workgroup-parameters',
    ]);
  });

  it(
    'ran reboot-instances-if-pending and apply-schema during the apply',
    async () => {
      const { run } = await milestones.wait<RoundTrip['applied']>('dev.applied');

      expect(run.output).toContain(
        '[reboot-instances-if-pending] every instance stayed in-sync for 3s: no reboot needed',
      );
      expect(run.output).toContain(
        `[apply-schema] applying the schema through ${config.project}-dev-migrate (action migrate)`,
      );
      expect(run.output).toContain('[apply-schema] schema applied (statusCode 200)');
    },
    10 * MINUTES,
  );

  it(
    'reboot-instances-if-pending reads the real cluster, and names the fix for an unknown one',
    async () => {
      const { rebootNothingPending, rebootUnknownCluster } =
        await milestones.wait<Record<string, { code: number; stderr: string }>>('dev.deploySteps');

      expect(rebootNothingPending.code).toBe(0);
      expect(rebootNothingPending.stderr).toContain('every instance stayed in-sync for 1s: no reboot needed');
      expect(rebootUnknownCluster.code).toBe(1);
      expect(rebootUnknownCluster.stderr).toContain('DBClusterNotFoundFault');
      expect(rebootUnknownCluster.stderr).toContain(
        'cannot describe cluster zero-etl-no-such-cluster; check CLUSTER_ID, AWS_REGION and rds:DescribeDBClusters permission',
      );
    },
    10 * MINUTES,
  );

  it(
    "apply-schema fails with the function's own error text when migrate answers 500",
    async () => {
      const { applySchemaFails } =
        await milestones.wait<Record<string, { code: number; stderr: string }>>('dev.deploySteps');

      expect(applySchemaFails.code).toBe(1);
      expect(applySchemaFails.stderr).toContain(
        'migrate returned statusCode 500: schema: ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded',
      );
    },
    10 * MINUTES,
  );
});

describe("the bootstrap stack's roles in moto, IAM enforced", () => {
  it(
    'let the apply role write the dev state through the S3 backend, lock file included',
    async () => {
      const pushed = await milestones.wait<TerraformRun>('dev.stateInS3');

      expect(outcome(pushed)).toBe('exit 0');
    },
    10 * MINUTES,
  );

  it(
    'let the plan role read the state object but neither overwrite nor delete it',
    async () => {
      const probes = await milestones.wait<Probe[]>('bootstrap.roleBoundaries');
      const read = JSON.parse(readFileSync(join(scratch, 'state-read.json'), 'utf8')) as Json;

      expect(
        probes.filter((p) => p.label.startsWith('plan role')).map((p) => `${p.label}: ${p.outcome}`),
      ).toEqual([
        `plan role: s3api get-object ${DEV_STATE_KEY}: allowed`,
        `plan role: s3api put-object ${DEV_STATE_KEY}: AccessDenied`,
        `plan role: s3api delete-object ${DEV_STATE_KEY}: AccessDenied`,
      ]);
      expect(read.resources).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'aws_rds_cluster' })]),
      );
    },
    15 * MINUTES,
  );

  it(
    'plan a pull request of the applied dev stack with the plan role: state from S3 without a lock, every resource refreshed, no changes',
    async () => {
      const { prPlan } = await milestones.wait<{
        prPlan: { code: number; changes: PlannedChange[]; run: TerraformRun };
      }>('dev.pullRequestPlan');

      expect(changeLines(prPlan.changes)).toEqual([]);
      expect(prPlan.code).toBe(0);
      expect(prPlan.run.output).toContain('aws_rds_cluster.aurora_cluster_059EF40F: Refreshing state...');
    },
    15 * MINUTES,
  );

  it(
    'deny the plan role the state lock (a pull request plan must use -lock=false)',
    async () => {
      const { locked } = await milestones.wait<{ locked: TerraformRun }>('dev.pullRequestPlan');

      expect(locked.code).toBe(1);
      expect(locked.output).toContain('Error acquiring the state lock');
      expect(locked.output).toContain('AccessDenied');
    },
    15 * MINUTES,
  );

  it(
    "deny the apply role attaching policies to, or rewriting the trust of, the GitHub roles (even with iam:* granted elsewhere) and any role not an environment's",
    async () => {
      const probes = await milestones.wait<Probe[]>('bootstrap.roleBoundaries');

      expect(
        probes.filter((p) => p.label.startsWith('apply role')).map((p) => `${p.label}: ${p.outcome}`),
      ).toEqual([
        `apply role: attach AdministratorAccess to ${PLAN_ROLE}: AccessDenied`,
        `apply role: rewrite the trust of ${PLAN_ROLE}: AccessDenied`,
        `apply role: attach AdministratorAccess to ${APPLY_ROLE}: AccessDenied`,
        `apply role: rewrite the trust of ${APPLY_ROLE}: AccessDenied`,
        `apply role: put an inline policy on ${APPLY_ROLE}: AccessDenied`,
        `apply role: attach Enhanced Monitoring to ${ENVIRONMENT_ROLE}: allowed`,
        `apply role: rewrite the trust of ${ENVIRONMENT_ROLE}: allowed`,
        'apply role: attach Enhanced Monitoring to another-team-local-cloud-probe: AccessDenied',
        'apply role: rewrite the trust of another-team-local-cloud-probe: AccessDenied',
        `apply role with iam:* granted elsewhere: attach AdministratorAccess to ${PLAN_ROLE}: AccessDenied`,
        `apply role with iam:* granted elsewhere: rewrite the trust of ${PLAN_ROLE}: AccessDenied`,
        `apply role with iam:* granted elsewhere: attach AdministratorAccess to ${APPLY_ROLE}: AccessDenied`,
        `apply role with iam:* granted elsewhere: rewrite the trust of ${APPLY_ROLE}: AccessDenied`,
      ]);
    },
    15 * MINUTES,
  );
});

describe('the account guard in the local-cloud copies', () => {
  it(
    'refuses a stack whose allowed_account_ids leave out the account moto answers for',
    async () => {
      const plan = await milestones.wait<TerraformRun>('guard.plan');

      expect(plan.code).toBe(1);
      expect(plan.output).toContain(`AWS account ID not allowed: ${ACCOUNT}`);
    },
    5 * MINUTES,
  );
});
