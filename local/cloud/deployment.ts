/**
 * Deploying an environment's stack into a local cloud with its data plane: one home for what
 * `npm run local-cloud -- deploy` (deploy.ts) and the local-cloud tier's dev run share, so the tier
 * proves the command's own steps: the stack copy that keeps every deploy step and points the ingestion
 * at the fixture API, the deploy steps' pacing, the ingestion invoked as its schedule invokes it, and
 * scripts/verify-replication run with the environment's names and data filter.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { INGEST_ENV } from '../../lambda/src/env-vars';
import { SCHEMA_FILE, SCRIPTS_DIR } from '../../paths';
import { filterDecision, parseDataFilter } from '../../rules';
import { tablesCreatedBy } from '../../shared/schema-tables';
import { type EnvironmentConfig } from '../../stacks/config';
import { REDSHIFT_CONNECT_DATABASE } from '../../stacks/constructs/redshift';
import { resourceNames } from '../../stacks/resource-names';
import { awsCliEnvironment, awsJson } from './aws-cli';
import { LocalCloudError } from './errors';
import { type AwsCredentials } from './terraform/override';
import { MotoStack } from './terraform/stack-copy';

/** Where a deployment goes: the local cloud's endpoint, the keys that sign, the account it runs as. */
export interface DeploymentTarget {
  readonly url: string;
  readonly credentials: AwsCredentials;
  readonly accountId: string;
}

/**
 * Deploy-step pacing: the local cloud's status changes take a second, so the steps need not wait
 * minutes for a pending reboot to show; they still poll, as on AWS.
 */
export const STEP_ENVIRONMENT = {
  PENDING_REBOOT_WAIT_SECONDS: '3',
  POLL_SECONDS: '1',
  TIMEOUT_SECONDS: '300',
};

/** The EventBridge scheduled event the schedule's rule sends ("Amazon EventBridge events", Scheduled Event). */
export function scheduledEvent(region: string, accountId: string, ruleName: string): string {
  return JSON.stringify({
    version: '0',
    id: '00000000-0000-0000-0000-000000000000',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${accountId}:rule/${ruleName}`],
    detail: {},
  });
}

/**
 * Points the ingestion function at `apiUrl` in a synthesized stack (the one value the local cloud
 * overrides: the internet is out of reach, and the configuration accepts only https URLs).
 */
function overrideApiBaseUrl(stackFile: string, functionName: string, apiUrl: string): void {
  const config = JSON.parse(readFileSync(stackFile, 'utf8')) as {
    resource?: { aws_lambda_function?: Record<string, Record<string, unknown>> };
  };
  const functions = Object.values(config.resource?.aws_lambda_function ?? {});
  const ingest = functions.find((body) => body.function_name === functionName);
  const variables = (ingest?.environment as { variables?: Record<string, string> } | undefined)?.variables;
  if (!variables || !(INGEST_ENV.apiBaseUrl in variables)) {
    throw new LocalCloudError(
      `the synthesized stack has no function ${functionName} with ${INGEST_ENV.apiBaseUrl}`,
    );
  }
  variables[INGEST_ENV.apiBaseUrl] = apiUrl;
  writeFileSync(stackFile, JSON.stringify(config, null, 2));
}

/**
 * Readies a synthesized environment stack folder for the data plane: the ingestion reads `apiUrl`.
 * Call it for every configuration the copy uses (the first and each update).
 */
export function pointIngestionAt(stackDir: string, environment: EnvironmentConfig, apiUrl: string): string {
  overrideApiBaseUrl(
    join(stackDir, 'cdk.tf.json'),
    resourceNames(environment.namePrefix).ingestFunction,
    apiUrl,
  );
  return stackDir;
}

/** The copy of a synthesized environment stack for a local cloud with its data plane: every deploy step runs. */
export function dataPlaneStackCopy(
  name: string,
  stackDir: string,
  target: Pick<DeploymentTarget, 'url' | 'credentials'>,
): MotoStack {
  return MotoStack.create(name, stackDir, {
    endpoint: target.url,
    credentials: target.credentials,
    stepEnvironment: STEP_ENVIRONMENT,
    runEveryDeployStep: true,
  });
}

/**
 * The tables of sql/schema.sql the environment's data filter leaves out: they must be absent from the
 * target (verify-replication's EXCLUDED_TABLES), decided by the one filter rule (rules/data-filter.ts).
 */
export function excludedTables(environment: EnvironmentConfig): string[] {
  const patterns = parseDataFilter(environment.integration.dataFilter);
  return tablesCreatedBy(readFileSync(SCHEMA_FILE, 'utf8')).filter(
    (table) => !filterDecision(patterns, environment.aurora.databaseName, table).replicated,
  );
}

/**
 * Invokes the ingestion function with the event its schedule sends, synchronously, through the AWS
 * CLI; returns the function's report and throws with it when the run failed.
 */
export async function invokeScheduledIngestion(
  target: DeploymentTarget,
  environment: EnvironmentConfig,
  responseFile: string,
): Promise<string> {
  const { ingestFunction } = resourceNames(environment.namePrefix);
  const answer = await awsJson(
    target.url,
    target.credentials,
    [
      'lambda',
      'invoke',
      '--function-name',
      ingestFunction,
      '--payload',
      scheduledEvent(environment.region, target.accountId, `${ingestFunction}-schedule`),
      responseFile,
    ],
    { region: environment.region },
  );
  const report = readFileSync(responseFile, 'utf8');
  if (answer.FunctionError || (JSON.parse(report) as { statusCode?: number }).statusCode !== 200) {
    throw new LocalCloudError(`the ingestion run failed: ${report}`);
  }
  return report;
}

export interface ScriptRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a script of scripts/ with the AWS CLI pointed at the target; a stop signal ends it. */
export function runScript(
  script: string,
  target: Pick<DeploymentTarget, 'url' | 'credentials'>,
  env: Readonly<Record<string, string>>,
  stopped?: Promise<unknown>,
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(SCRIPTS_DIR, script)], {
      env: { ...awsCliEnvironment(target.url, target.credentials), ...STEP_ENVIRONMENT, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    void stopped?.then(() => child.kill('SIGTERM'));
  });
}

/**
 * scripts/verify-replication for the environment: Aurora's counts through its ingestion function,
 * the warehouse's through the Data API with the namespace's admin secret, the tables its data filter
 * leaves out expected absent.
 */
export async function verifyReplication(
  target: DeploymentTarget,
  environment: EnvironmentConfig,
  options: { readonly stopped?: Promise<unknown>; readonly timeoutSeconds?: number } = {},
): Promise<ScriptRun> {
  const names = resourceNames(environment.namePrefix);
  const namespace = await awsJson(
    target.url,
    target.credentials,
    ['redshift-serverless', 'get-namespace', '--namespace-name', names.namespace],
    { region: environment.region },
  );
  const adminSecretArn = (namespace.namespace as { adminPasswordSecretArn?: string } | undefined)
    ?.adminPasswordSecretArn;
  if (!adminSecretArn) {
    throw new LocalCloudError(`namespace ${names.namespace} has no managed admin secret`);
  }
  return runScript(
    'verify-replication',
    target,
    {
      AWS_REGION: environment.region,
      FUNCTION_NAME: names.ingestFunction,
      WORKGROUP_NAME: names.workgroup,
      ADMIN_SECRET_ARN: adminSecretArn,
      TARGET_DATABASE: environment.redshift.targetDatabase,
      SOURCE_DATABASE: environment.aurora.databaseName,
      CONNECT_DATABASE: REDSHIFT_CONNECT_DATABASE,
      EXCLUDED_TABLES: excludedTables(environment).join(','),
      ...(options.timeoutSeconds === undefined ? {} : { TIMEOUT_SECONDS: String(options.timeoutSeconds) }),
    },
    options.stopped,
  );
}

/**
 * A connection to the environment's cluster as its master user, through the cluster endpoint
 * DescribeDBClusters returns, with the password from the cluster's managed secret and TLS verified
 * against the local cloud's CA (`caFile`): what a person with the master secret can do on AWS.
 */
export async function connectAsMaster(
  target: DeploymentTarget,
  environment: EnvironmentConfig,
  caFile: string,
): Promise<Connection> {
  const { cluster: clusterId } = resourceNames(environment.namePrefix);
  const described = await awsJson(
    target.url,
    target.credentials,
    ['rds', 'describe-db-clusters', '--db-cluster-identifier', clusterId],
    { region: environment.region },
  );
  const [cluster] = described.DBClusters as Array<{
    Endpoint: string;
    Port: number;
    MasterUserSecret?: { SecretArn?: string };
  }>;
  const secretArn = cluster.MasterUserSecret?.SecretArn;
  if (!secretArn) throw new LocalCloudError(`cluster ${clusterId} has no managed master user secret`);
  const secret = await awsJson(
    target.url,
    target.credentials,
    ['secretsmanager', 'get-secret-value', '--secret-id', secretArn],
    { region: environment.region },
  );
  const { username, password } = JSON.parse(String(secret.SecretString)) as {
    username: string;
    password: string;
  };
  return createConnection({
    host: cluster.Endpoint,
    port: cluster.Port,
    user: username,
    password,
    database: environment.aurora.databaseName,
    ssl: { ca: readFileSync(caFile, 'utf8') },
  });
}
