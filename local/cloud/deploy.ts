/**
 * `npm run local-cloud -- deploy [env] [--keep]`: the stack's real Terraform applied into a private
 * local cloud with its data plane, then the data checked end to end (docs/local-cloud.md, "Deploy").
 *
 * Phases, each printed with the elapsed time: start the local cloud (moto + the data plane) and the
 * fixture API; synthesize the app; copy the environment's stack for the local cloud (MotoStack,
 * every deploy step kept: the Data API answers) with the one value changed that cannot be real here,
 * the ingestion's source API; `terraform init` and `apply` (the deploy steps run with the AWS CLI
 * through local/cloud/bin/aws); plan again, which must be clean (day 2: a second apply is a no-op);
 * invoke the ingestion function with the event its EventBridge schedule sends; run
 * scripts/verify-replication, which waits until every table is Synced and compares row counts; then `terraform destroy` and stop everything. With `keep` it stays up after
 * the verification, printing the endpoint and the environment lines, until a stop signal.
 *
 * Everything it starts is owned (shared/owned-resources.ts, stopTerraformRuns): a stop
 * signal at any moment ends the terraform runs, the servers and removes the temporary folders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { startFixtureApiServer, type FixtureApiServer } from '../dataplane/fixtures/api-server';
import { generateDataset } from '../dataplane/fixtures/dataset';
import { ownFolder } from '../../shared/owned-resources';
import { INGEST_ENV } from '../../lambda/src/env-vars';
import { SYNTH_OPTIONS, buildApp } from '../../stacks/app';
import { parseConfig, PROJECT_CONFIG, type EnvironmentConfig } from '../../stacks/config';
import { resourceNames } from '../../stacks/resource-names';
import {
  dataPlaneStackCopy,
  invokeScheduledIngestion,
  pointIngestionAt,
  verifyReplication,
  type DeploymentTarget,
} from './deployment';
import { LocalCloudError, LocalCloudUsageError } from './errors';
import { startLocalCloud, type LocalCloud } from './server/launcher';
import { type AwsCredentials } from './terraform/override';
import { ApplyProgress } from './terraform/apply-progress';
import { describeChanges } from './terraform/plan-changes';
import { stopTerraformRuns } from './terraform/stack-copy';

export interface DeployOptions {
  /** The environment of stacks/config/environments.ts. @default 'dev' */
  readonly environment?: string;
  /** Stay up after the verification until `stopped` resolves. @default false */
  readonly keep?: boolean;
  readonly accountId: string;
  /** Resolves with the first stop signal (Ctrl-C, SIGTERM). */
  readonly stopped: Promise<string>;
  readonly print: (line: string) => void;
  /** Gets the apply's output (the benchmark reads each resource's creation time from it). */
  readonly onApplied?: (output: string) => void;
  /**
   * Runs as its own phase after the verification, before `keep` or the destroy, on the deployed
   * environment (the benchmark measures the replication lag here).
   */
  readonly afterVerification?: (deployment: Deployment) => Promise<void>;
}

/** A deployed environment in the local cloud. */
export interface Deployment {
  readonly target: DeploymentTarget;
  readonly environment: EnvironmentConfig;
  readonly cloud: LocalCloud;
}

/** A failure of one phase: the message names the phase and the fix. */
export class DeployError extends LocalCloudError {
  constructor(
    readonly phase: string,
    message: string,
    readonly fix: string,
  ) {
    super(`deploy failed in phase "${phase}": ${message}\nfix: ${fix}`);
    this.name = 'DeployError';
  }
}

class Stopped extends Error {}

/** How many of the data plane's last log lines a failure shows. */
const DATA_PLANE_LOG_LINES = 10;

/** Any access key works: the local cloud does not enforce IAM for the deploy. */
/** How often the apply's progress (resources done, in progress) is printed while it runs. */
const APPLY_PROGRESS_SECONDS = 15;

const CREDENTIALS: AwsCredentials = {
  accessKeyId: 'AKIALOCALCLOUDDEPLOY',
  secretAccessKey: 'local-cloud-deploy',
};

export async function deployToLocalCloud(options: DeployOptions): Promise<number> {
  const name = options.environment ?? 'dev';
  const config = parseConfig(PROJECT_CONFIG, {});
  const environment: EnvironmentConfig | undefined = config.environments.find((e) => e.name === name);
  if (!environment) {
    const known = config.environments.map((e) => e.name).join(', ');
    throw new LocalCloudUsageError(
      `unknown environment "${name}": stacks/config/environments.ts has ${known}`,
    );
  }
  const names = resourceNames(environment.namePrefix);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  let stopRequested = false;
  void options.stopped.then(() => {
    stopRequested = true;
  });
  const cleanups: Array<() => Promise<void> | void> = [];
  // Why the data plane refused or failed something (a login at the cluster endpoint, a statement):
  // the last lines go into a failing phase's message, where the cause usually is.
  const dataPlaneLines: string[] = [];
  const dataPlaneLog = (line: string) => {
    dataPlaneLines.push(line);
    if (dataPlaneLines.length > DATA_PLANE_LOG_LINES) dataPlaneLines.shift();
  };
  const withDataPlaneLog = (message: string) =>
    dataPlaneLines.length === 0
      ? message
      : `${message}\nthe data plane's last messages:\n${dataPlaneLines.map((line) => `  ${line}`).join('\n')}`;

  const phase = async <T>(label: string, fix: string, work: () => Promise<T> | T): Promise<T> => {
    if (stopRequested) throw new Stopped();
    options.print(`[${elapsed()}] ${label} …`);
    const outcome = await Promise.race([
      Promise.resolve().then(work),
      options.stopped.then(() => {
        throw new Stopped();
      }),
    ]).catch((error: unknown) => {
      if (error instanceof Stopped || error instanceof DeployError) throw error;
      throw new DeployError(label, withDataPlaneLog((error as Error).message), fix);
    });
    options.print(`[${elapsed()}] ${label}: done`);
    return outcome;
  };

  try {
    const cloud: LocalCloud = await phase(
      'start the local cloud with its data plane',
      'check that .venv/ and mariadbd work: npm run local-cloud -- serve --data-plane',
      async () => {
        const starting = startLocalCloud({ accountId: options.accountId, dataPlane: true, dataPlaneLog });
        cleanups.push(async () => (await starting.catch(() => undefined))?.stop());
        return starting;
      },
    );
    const target: DeploymentTarget = {
      url: cloud.url,
      credentials: CREDENTIALS,
      accountId: options.accountId,
    };
    const api: FixtureApiServer = await phase('start the fixture API', 'none known', async () => {
      const server = await startFixtureApiServer({ dataset: generateDataset() });
      cleanups.push(() => server.close());
      return server;
    });
    options.print(
      `ingestion source: ${api.url} (the fixture API server; ${INGEST_ENV.apiBaseUrl} of ${names.ingestFunction} overridden for the local cloud, everything else as synthesized)`,
    );

    const stack = await phase(
      `synthesize and copy the ${name} stack`,
      'npm run synth shows the error',
      () => {
        const outdir = mkdtempSync(join(tmpdir(), 'zero-etl-local-cloud-deploy-synth-'));
        const release = ownFolder(outdir);
        cleanups.push(() => {
          rmSync(outdir, { recursive: true, force: true });
          release();
        });
        const app = new App({ outdir, ...SYNTH_OPTIONS });
        buildApp(app, { env: {} });
        app.synth();
        const stackDir = pointIngestionAt(join(outdir, 'stacks', name), environment, api.url);
        const copy = dataPlaneStackCopy(name, stackDir, target);
        const releaseCopy = ownFolder(copy.workDir);
        cleanups.push(() => {
          copy.remove();
          releaseCopy();
        });
        return copy;
      },
    );
    cleanups.push(() => stopTerraformRuns());

    await phase('terraform init', 'terraform >= 1.10 and the provider mirror must be installed', () =>
      stack.init(),
    );
    const applying = 'terraform apply (every resource, every deploy step with the AWS CLI)';
    const applied = await phase(
      applying,
      `read the copy's logs/ (ZERO_ETL_KEEP_LOCAL_CLOUD_COPIES is not needed: the error above is the end of the apply)`,
      async () => {
        const progress = new ApplyProgress();
        stack.onOutput = (chunk) => progress.feed(chunk);
        const report = setInterval(
          () => options.print(`[${elapsed()}] ${applying}: ${progress.summary()}`),
          APPLY_PROGRESS_SECONDS * 1000,
        );
        try {
          return await stack.apply();
        } finally {
          clearInterval(report);
          stack.onOutput = undefined;
        }
      },
    );
    options.onApplied?.(applied.output);
    const resources = (await stack.stateList()).filter((address) => !address.startsWith('data.')).length;
    options.print(`applied ${resources} resources in ${applied.seconds.toFixed(1)}s`);
    await phase(
      'terraform plan (a second plan is clean)',
      'the stack or the local cloud does not round-trip the attributes above: a second apply would change them',
      async () => {
        const second = await stack.plan('second-plan');
        if (second.code !== 0)
          throw new Error(`the second plan has changes:\n${describeChanges(second.changes)}`);
      },
    );

    await phase(
      `invoke ${names.ingestFunction} as its schedule does`,
      'the report above names the failing resource; the function logs are in its LogResult',
      async () => {
        const report = await invokeScheduledIngestion(
          target,
          environment,
          join(stack.workDir, 'ingest-response.json'),
        );
        options.print(`ingestion: ${report}`);
      },
    );

    await phase(
      'scripts/verify-replication (waits until every table is Synced)',
      'the table states above name the table and its fix (npm run zero-etl -- status against the local cloud)',
      async () => {
        const run = await verifyReplication(target, environment, { stopped: options.stopped });
        options.print(run.stdout.trimEnd());
        if (run.code !== 0)
          throw new Error(`verify-replication exited ${run.code}:\n${run.stderr.trimEnd()}`);
      },
    );

    const { afterVerification } = options;
    if (afterVerification) {
      await phase('after the verification', 'the error above comes from the caller', () =>
        afterVerification({ target, environment, cloud }),
      );
    }

    if (options.keep) {
      options.print(`local cloud: ${cloud.url} (Ctrl-C destroys nothing and stops everything)`);
      options.print(`AWS_ENDPOINT_URL=${cloud.url}`);
      options.print(`AWS_ACCESS_KEY_ID=${CREDENTIALS.accessKeyId}`);
      options.print(`AWS_SECRET_ACCESS_KEY=${CREDENTIALS.secretAccessKey}`);
      options.print(`AWS_REGION=${environment.region}`);
      // AWS CLI v1 (the one in .venv/) reads AWS_DEFAULT_REGION, not AWS_REGION.
      options.print(`AWS_DEFAULT_REGION=${environment.region}`);
      options.print(
        `AWS CLI v1 (.venv/bin/aws) sends rds and sqs past AWS_ENDPOINT_URL: give it --endpoint-url ${cloud.url}`,
      );
      options.print(
        `terraform: cd ${stack.workDir} && TF_CLI_CONFIG_FILE=${stack.cliConfigFile} terraform plan (the override with the endpoint is in that folder)`,
      );
      await options.stopped;
      return 0;
    }
    await phase('terraform destroy', 'the end of the destroy above names the resource', async () => {
      const run = await stack.destroy();
      if (run.code !== 0) throw new Error(run.output.trimEnd().split('\n').slice(-30).join('\n'));
    });
    options.print(`[${elapsed()}] deployed, replicated, verified and destroyed`);
    return 0;
  } catch (error) {
    if (error instanceof Stopped) {
      options.print(`[${elapsed()}] stopped: ending every process and removing the temporary folders`);
      return 130;
    }
    throw error;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
