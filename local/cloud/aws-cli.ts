/**
 * The real AWS CLI (v1, from `.venv/`) against a moto server, through `local/cloud/bin/aws`: the
 * same wrapper the deploy-step scripts find first on PATH in a local-cloud copy. The environment is
 * built from nothing but what is passed in, so no AWS profile, region or endpoint of the machine
 * leaks into a test. Calls to a local cloud that has a warm AWS CLI (warm-aws-cli/) run there.
 */
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pythonTool } from '../../shared/python-tools';
import { type AwsCredentials } from './terraform/override';

const run = promisify(execFile);

/** The folder holding the `aws` wrapper (CLI v1 + --endpoint-url, without CLI v2's --cli-binary-format). */
export const MOTO_AWS_BIN = resolve(__dirname, 'bin');
const WRAPPER = join(MOTO_AWS_BIN, 'aws');

/** The warm AWS CLI's socket of each local cloud that has one, by endpoint. */
const warmAwsClis = new Map<string, string>();

/**
 * Runs every later call to `endpoint` through the warm AWS CLI listening on `socket`, until the
 * returned function is called (when the warm CLI stops).
 */
export function useWarmAwsCli(endpoint: string, socket: string): () => void {
  warmAwsClis.set(endpoint, socket);
  return () => {
    if (warmAwsClis.get(endpoint) === socket) warmAwsClis.delete(endpoint);
  };
}

export class AwsCliError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'AwsCliError';
  }
}

/** What every `aws` call keeps of this process's environment: nothing of AWS, Terraform or moto. */
export function awsCliBaseEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!/^(AWS_|TF_|MOTO_)/.test(name)) env[name] = value;
  }
  return env;
}

/**
 * The environment for `aws` calls and deploy-step scripts against `endpoint` as `credentials`:
 * the wrapper first on PATH, no shared config or credentials files, no instance metadata.
 * `AWS_REGION` is deliberately absent: the scripts pass `--region` themselves (CLI v1 refuses to
 * guess one, so a forgotten `--region` fails here too).
 */
export function awsCliEnvironment(
  endpoint: string,
  credentials: AwsCredentials,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  // Git may drop the executable bit on some checkouts; scripts find the wrapper on PATH.
  chmodSync(WRAPPER, 0o755);
  return {
    ...awsCliBaseEnvironment(base),
    PATH: `${MOTO_AWS_BIN}:${base.PATH ?? ''}`,
    MOTO_AWS_CLI: pythonTool('aws'),
    MOTO_ENDPOINT_URL: endpoint,
    ...(warmAwsClis.has(endpoint) ? { MOTO_AWS_CLI_SERVER: warmAwsClis.get(endpoint) } : {}),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export interface AwsCallOptions {
  readonly region?: string;
}

/** `aws <args> --region <region> --output json`; resolves with the parsed output ({} for none). */
export async function awsJson(
  endpoint: string,
  credentials: AwsCredentials,
  args: readonly string[],
  { region = 'us-east-1' }: AwsCallOptions = {},
): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await run(WRAPPER, [...args, '--region', region, '--output', 'json'], {
      env: awsCliEnvironment(endpoint, credentials),
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  } catch (error) {
    const e = error as { code?: number | string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      throw new AwsCliError(`${WRAPPER} could not be run: ${e.message}`, null, '');
    }
    const stderr = (e.stderr ?? '').trim();
    throw new AwsCliError(
      `aws ${args.join(' ')} failed: ${stderr}`,
      typeof e.code === 'number' ? e.code : null,
      stderr,
    );
  }
}

/** The error code of a failed call, e.g. `AccessDenied` from "An error occurred (AccessDenied) when …". */
export function awsErrorCode(error: unknown): string | undefined {
  if (!(error instanceof AwsCliError)) return undefined;
  return /An error occurred \(([^)]+)\)/.exec(error.stderr)?.[1];
}
