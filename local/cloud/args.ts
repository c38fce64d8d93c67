/** Parses `npm run local-cloud`'s command line (pure): a subcommand and its options. */
import { parseArgs } from 'node:util';
import { LocalCloudUsageError } from './errors';

export const LOCAL_CLOUD_USAGE = `Usage: npm run local-cloud -- serve [--port N] [--account-id ID] [--enforce-iam] [--data-plane]
       npm run local-cloud -- deploy [ENVIRONMENT] [--keep] [--account-id ID]

deploy: applies the environment's (default dev) real Terraform into a private local cloud with its
data plane, every deploy step run with the AWS CLI; invokes the ingestion as its schedule does,
prints scripts/verify-replication's report once every table is Synced, then destroys and stops
everything. --keep stays up after the report, printing the endpoint and environment lines, until
Ctrl-C. The ingestion's source API is the fixture API server (it says so).

serve:

Runs the local cloud in the foreground until Ctrl-C or SIGTERM: moto 5.2.5 with this project's
extensions (Redshift Serverless, the Redshift resource policy, RDS zero-ETL integrations, RDS
parameter-group status), every answer checked against AWS's service models. It prints its
endpoint (http://127.0.0.1:N); point Terraform, the AWS CLI or an SDK at it.
  --port         the port on 127.0.0.1 (default: a free one)
  --account-id   the 12-digit account every request runs in (default: $MOTO_ACCOUNT_ID, else the
                 account configured in stacks/config/environments.ts, so the stacks'
                 allowed_account_ids guard passes)
  --enforce-iam  check every request's signature and IAM permissions; the server creates an
                 administrator and prints its keys. Without it any access key works.
  --data-plane   run the data plane behind the API (docs/local-cloud-data-plane.md): DB clusters
                 on MariaDB behind a TLS MySQL endpoint (it prints the CA file to trust),
                 Redshift Serverless namespaces as warehouses, zero-ETL integrations that
                 replicate, Redshift Data API statements that run
  --help         this text

Environment: LOCAL_CLOUD_TRANSITION_SECONDS, how long an asynchronous status change takes
(CREATING -> AVAILABLE, creating -> active ...; default 1).`;

export interface ServeOptions {
  readonly command: 'serve';
  /** @default - a free port */
  readonly port?: number;
  readonly accountId: string;
  /** @default false */
  readonly enforceIam: boolean;
  /** @default false */
  readonly dataPlane: boolean;
}

export interface DeployCommandOptions {
  readonly command: 'deploy';
  /** @default 'dev' */
  readonly environment: string;
  /** @default false */
  readonly keep: boolean;
  readonly accountId: string;
}

export type LocalCloudCommand = ServeOptions | DeployCommandOptions | { readonly command: 'help' };

const usage = (problem: string) => new LocalCloudUsageError(`${problem} (npm run local-cloud -- --help)`);

export function parseLocalCloudArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  configuredAccountId: string,
): LocalCloudCommand {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'account-id': { type: 'string' },
        'enforce-iam': { type: 'boolean', default: false },
        'data-plane': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  if (positionals.length === 0) throw usage('name a command: serve or deploy');
  if (positionals[0] !== 'serve' && positionals[0] !== 'deploy')
    throw usage(`unknown command "${positionals[0]}": the commands are serve and deploy`);
  const accountId = String(values['account-id'] ?? env.MOTO_ACCOUNT_ID ?? configuredAccountId);
  if (!/^\d{12}$/.test(accountId)) {
    const source = values['account-id'] !== undefined ? '--account-id' : 'MOTO_ACCOUNT_ID';
    throw usage(`${source} must be a 12-digit AWS account id (got "${accountId}")`);
  }
  if (positionals[0] === 'deploy') {
    if (positionals.length > 2)
      throw usage(`deploy takes one environment, got "${positionals.slice(1).join(' ')}"`);
    for (const option of ['port', 'enforce-iam', 'data-plane'] as const) {
      if (values[option]) throw usage(`--${option} is a serve option (deploy always runs the data plane)`);
    }
    return { command: 'deploy', environment: positionals[1] ?? 'dev', keep: Boolean(values.keep), accountId };
  }
  if (values.keep) throw usage('--keep is a deploy option');
  if (positionals.length > 1)
    throw usage(`serve takes no arguments, got "${positionals.slice(1).join(' ')}"`);

  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(String(values.port)) || port < 1 || port > 65535) {
      throw usage(`--port must be a port number from 1 to 65535 (got "${values.port}")`);
    }
  }
  return {
    command: 'serve',
    port,
    accountId,
    enforceIam: Boolean(values['enforce-iam']),
    dataPlane: Boolean(values['data-plane']),
  };
}
