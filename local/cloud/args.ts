/** Parses `npm run local-cloud`'s command line (pure): a subcommand and its options. */
import { parseArgs } from 'node:util';
import { LocalCloudUsageError } from './errors';

export const LOCAL_CLOUD_USAGE = `Usage: npm run local-cloud -- serve [--port N] [--account-id ID] [--enforce-iam] [--data-plane]

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

export type LocalCloudCommand = ServeOptions | { readonly command: 'help' };

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
  if (positionals.length === 0) throw usage('name a command: serve');
  if (positionals[0] !== 'serve') throw usage(`unknown command "${positionals[0]}": the command is serve`);
  if (positionals.length > 1)
    throw usage(`serve takes no arguments, got "${positionals.slice(1).join(' ')}"`);

  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(String(values.port)) || port < 1 || port > 65535) {
      throw usage(`--port must be a port number from 1 to 65535 (got "${values.port}")`);
    }
  }
  const accountId = String(values['account-id'] ?? env.MOTO_ACCOUNT_ID ?? configuredAccountId);
  if (!/^\d{12}$/.test(accountId)) {
    const source = values['account-id'] !== undefined ? '--account-id' : 'MOTO_ACCOUNT_ID';
    throw usage(`${source} must be a 12-digit AWS account id (got "${accountId}")`);
  }
  return {
    command: 'serve',
    port,
    accountId,
    enforceIam: Boolean(values['enforce-iam']),
    dataPlane: Boolean(values['data-plane']),
  };
}
