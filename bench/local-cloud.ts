/**
 * `npm run bench:local-cloud`: `npm run local-cloud -- deploy dev` timed, phase by phase, with how
 * much of the apply the provider spends waiting, and the replication lag through the local
 * integration once it is deployed. Target: deployed and replicating in at most 5 minutes.
 *
 *   npm run bench:local-cloud -- [--runs 1] [--samples 20]
 *
 * - Phases: wall time of each phase the deploy prints; medians over the runs.
 * - Provider waits: the apply's resources whose creation took at least WAIT_BOUND_SECONDS. The local
 *   cloud finishes every status change in DEFAULT_TRANSITION_SECONDS, so the rest of such a creation
 *   is the provider's waiter (its fixed first delay and poll interval), not work.
 * - Lag: a row inserted through the cluster endpoint as the master user, timed until a SELECT through
 *   the Data API sees it in the warehouse (the Data API round trips included), `--samples` times.
 */
import { parseArgs } from 'node:util';
import { summariseLag } from '../local/dataplane/cdc/lag-tracker';
import { formatMs } from '../local/pipeline/report';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { GetNamespaceCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { deployToLocalCloud, type Deployment } from '../local/cloud/deploy';
import { connectAsMaster } from '../local/cloud/deployment';
import { DEFAULT_TRANSITION_SECONDS } from '../local/cloud/server/launcher';
import { REDSHIFT_CONNECT_DATABASE } from '../stacks/constructs/redshift';
import { resourceNames } from '../stacks/resource-names';
import { PROJECT_CONFIG, parseConfig } from '../stacks/config';

/** A creation at least this long is bound by the provider's waiter (the local cloud answers in about 1 s). */
const WAIT_BOUND_SECONDS = 10;
const TARGET_SECONDS = 5 * 60;
const LAG_TABLE = 'bench_replication_lag';

interface RunResult {
  readonly phases: ReadonlyMap<string, number>;
  /** Seconds until every table was verified Synced (deployed and replicating). */
  readonly replicatingAfter: number;
  readonly total: number;
  readonly waits: ReadonlyArray<{ resource: string; seconds: number }>;
  readonly applySeconds: number;
  readonly lagMs: readonly number[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `<address>: Creation complete after 1m5s [...]` lines of an apply, in seconds. */
function creationTimes(output: string): Array<{ resource: string; seconds: number }> {
  return [...output.matchAll(/^(\S+): Creation complete after (?:(\d+)m)?(\d+)s/gm)].map((match) => ({
    resource: match[1],
    seconds: Number(match[2] ?? 0) * 60 + Number(match[3]),
  }));
}

/** Runs statements through the Data API (the SDK: no CLI start-up in the timings) as the namespace's admin. */
async function dataApi(deployment: Deployment) {
  const { target, environment } = deployment;
  const names = resourceNames(environment.namePrefix);
  const config = { endpoint: target.url, region: environment.region, credentials: target.credentials };
  const { namespace } = await new RedshiftServerlessClient(config).send(
    new GetNamespaceCommand({ namespaceName: names.namespace }),
  );
  const client = new RedshiftDataClient(config);
  /** One statement, waited for; its rows as plain values. */
  return async (database: string, sql: string): Promise<unknown[][]> => {
    const { Id } = await client.send(
      new ExecuteStatementCommand({
        WorkgroupName: names.workgroup,
        SecretArn: namespace!.adminPasswordSecretArn,
        Database: database,
        Sql: sql,
      }),
    );
    for (;;) {
      const described = await client.send(new DescribeStatementCommand({ Id }));
      if (described.Status === 'FINISHED') break;
      if (described.Status === 'FAILED' || described.Status === 'ABORTED') throw new Error(described.Error);
      await sleep(20);
    }
    const { Records } = await client.send(new GetStatementResultCommand({ Id }));
    return (Records ?? []).map((record) => record.map((field) => Object.values(field)[0] as unknown));
  };
}

/** Inserts `samples` rows one by one and times each until the warehouse has it. */
async function measureLag(deployment: Deployment, samples: number): Promise<number[]> {
  const { environment } = deployment;
  const source = await connectAsMaster(deployment.target, environment, deployment.cloud.caFile!);
  // Inside the integration's database the source database is a schema (as verify-replication counts).
  const table = `"${environment.aurora.databaseName}"."${LAG_TABLE}"`;
  const query = await dataApi(deployment);
  try {
    await source.query(`CREATE TABLE ${LAG_TABLE} (id INT PRIMARY KEY, note VARCHAR(40)) ENGINE=InnoDB`);
    // The new table is snapshotted first: wait until it is Synced before timing rows.
    for (;;) {
      const [state] = await query(
        REDSHIFT_CONNECT_DATABASE,
        `SELECT TRIM(table_state) FROM svv_integration_table_state WHERE table_name = '${LAG_TABLE}'`,
      );
      if (state?.[0] === 'Synced') break;
      await sleep(200);
    }
    const lags: number[] = [];
    for (let id = 1; id <= samples; id += 1) {
      const sent = Date.now();
      await source.query(`INSERT INTO ${LAG_TABLE} VALUES (?, 'lag sample')`, [id]);
      for (;;) {
        const [[count]] = await query(
          environment.redshift.targetDatabase,
          `SELECT COUNT(*) FROM ${table} WHERE id = ${id}`,
        );
        if (Number(count) === 1) break;
      }
      lags.push(Date.now() - sent);
    }
    return lags;
  } finally {
    await source.end();
  }
}

async function run(samples: number): Promise<RunResult> {
  const config = parseConfig(PROJECT_CONFIG, {});
  const marks: Array<{ label: string; at: number; done: boolean }> = [];
  let applyOutput = '';
  let lagMs: number[] = [];
  const started = Date.now();
  const code = await deployToLocalCloud({
    environment: 'dev',
    accountId: config.bootstrap.accountId,
    stopped: new Promise<string>(() => undefined),
    print: (line) => {
      const match = /^\[(\d+\.\d)s\] (.+?)(: done| …)$/.exec(line);
      if (match) marks.push({ label: match[2], at: Number(match[1]), done: match[3] === ': done' });
    },
    onApplied: (output) => (applyOutput = output),
    afterVerification: async (deployment) => {
      lagMs = await measureLag(deployment, samples);
    },
  });
  if (code !== 0) throw new Error(`the deploy exited ${code}`);
  const phases = new Map<string, number>();
  for (const start of marks.filter((mark) => !mark.done)) {
    const end = marks.find((mark) => mark.done && mark.label === start.label);
    if (end) phases.set(start.label, end.at - start.at);
  }
  const verified = marks.find((mark) => mark.done && mark.label.startsWith('scripts/verify-replication'));
  const applyLabel = [...phases.keys()].find((label) => label.startsWith('terraform apply'))!;
  return {
    phases,
    replicatingAfter: verified?.at ?? Number.NaN,
    total: (Date.now() - started) / 1000,
    waits: creationTimes(applyOutput).filter((entry) => entry.seconds >= WAIT_BOUND_SECONDS),
    applySeconds: phases.get(applyLabel) ?? Number.NaN,
    lagMs,
  };
}

async function main(): Promise<void> {
  // As in the operations CLI: the SDK's notice about its 2027 releases would bury the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string', default: process.env.BENCH_RUNS ?? '1' },
      samples: { type: 'string', default: process.env.BENCH_LAG_SAMPLES ?? '20' },
    },
  });
  const runs = Number(values.runs);
  const samples = Number(values.samples);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(samples) || samples < 1) {
    console.error('usage: npm run bench:local-cloud -- [--runs N] [--samples N] (positive integers)');
    process.exit(2);
  }
  const results: RunResult[] = [];
  for (let index = 0; index < runs; index += 1) {
    console.error(`run ${index + 1} of ${runs} …`);
    results.push(await run(samples));
  }
  const labels = [...results[0].phases.keys()];
  const width = Math.max(...labels.map((label) => label.length));
  console.log(
    `npm run local-cloud -- deploy dev, medians of ${runs} run(s); local cloud status changes take ${DEFAULT_TRANSITION_SECONDS} s`,
  );
  for (const label of labels) {
    const seconds = median(results.map((result) => result.phases.get(label) ?? Number.NaN));
    console.log(`  ${label.padEnd(width)}  ${seconds.toFixed(1).padStart(6)} s`);
  }
  const replicating = median(results.map((result) => result.replicatingAfter));
  console.log(
    `  deployed and replicating after ${replicating.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s: ${replicating <= TARGET_SECONDS ? 'met' : 'NOT met'}); whole run with the lag samples and the destroy ${median(results.map((r) => r.total)).toFixed(1)} s`,
  );
  const last = results[results.length - 1];
  const slow = [...last.waits].sort((a, b) => b.seconds - a.seconds);
  // Deploy steps are terraform_data running our scripts: their time is work, not a provider wait.
  const isStep = (resource: string) => resource.startsWith('terraform_data.');
  console.log(
    `\nthe apply (${last.applySeconds.toFixed(1)} s, last run): creations of ≥ ${WAIT_BOUND_SECONDS} s the provider spends waiting (the local cloud completes each status change in ${DEFAULT_TRANSITION_SECONDS} s):`,
  );
  for (const wait of slow.filter((entry) => !isStep(entry.resource))) {
    console.log(`  ${wait.resource}  ${wait.seconds} s`);
  }
  console.log('deploy steps of ≥ 10 s (our scripts and their AWS CLI calls):');
  for (const wait of slow.filter((entry) => isStep(entry.resource))) {
    console.log(`  ${wait.resource}  ${wait.seconds} s`);
  }
  // The writer instance needs the cluster's id: the two provider waits run one after the other.
  const chain = ['aws_rds_cluster.', 'aws_rds_cluster_instance.']
    .map((type) =>
      Math.max(0, ...slow.filter((entry) => entry.resource.startsWith(type)).map((e) => e.seconds)),
    )
    .reduce((sum, seconds) => sum + seconds, 0);
  console.log(
    `the cluster, then its writer: ${chain} s one after the other = ${Math.round((100 * chain) / last.applySeconds)} % of the apply`,
  );
  const lag = summariseLag(results.flatMap((result) => result.lagMs));
  console.log(
    `\nreplication lag through the local integration (INSERT at the cluster endpoint → visible through the Data API), ${lag.samples} samples: p50 ${formatMs(lag.p50 ?? Number.NaN)}, p95 ${formatMs(lag.p95 ?? Number.NaN)}, max ${formatMs(lag.max ?? Number.NaN)}`,
  );
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
