/**
 * The override file that points a copy of a synthesized stack at a moto server (pure). It is only
 * ever written into the copy (see stack-copy.ts): a local backend (unless the copy keeps the
 * stack's own, see `keepBackend`), the local-cloud identity's credentials, one endpoint per service the stack uses, a small `max_retries`, path-style
 * S3, and the test-only lifecycle settings below. `allowed_account_ids` stays as the stack has it,
 * and the provider still asks STS and IAM for the account id, so the account guard is exercised.
 */
import { LOCAL_BACKEND_OVERRIDE, awsProviderOverrides } from '../../../shared/offline-terraform';
import { MOTO_ROUND_TRIP_GAPS, type RoundTripGap } from './allowlist';

type Json = Record<string, unknown>;

export class MotoOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotoOverrideError';
  }
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Resource and data source type prefixes → the provider's `endpoints` key (hashicorp/aws 5.100.0
 * primary names: `logs`, not `cloudwatchlogs`). The longest matching prefix wins.
 */
export const ENDPOINT_BY_TYPE_PREFIX: Readonly<Record<string, string>> = {
  aws_cloudwatch_event_: 'events',
  aws_cloudwatch_log_: 'logs',
  aws_cloudwatch_: 'cloudwatch',
  aws_db_: 'rds',
  aws_rds_: 'rds',
  aws_default_network_acl: 'ec2',
  aws_default_route_table: 'ec2',
  aws_default_security_group: 'ec2',
  aws_ec2_: 'ec2',
  aws_eip: 'ec2',
  aws_flow_log: 'ec2',
  aws_internet_gateway: 'ec2',
  aws_nat_gateway: 'ec2',
  aws_network_acl: 'ec2',
  aws_route: 'ec2',
  aws_security_group: 'ec2',
  aws_subnet: 'ec2',
  aws_vpc: 'ec2',
  aws_availability_zones: 'ec2',
  aws_iam_: 'iam',
  aws_kms_: 'kms',
  aws_lambda_: 'lambda',
  aws_redshiftserverless_: 'redshiftserverless',
  aws_redshift_: 'redshift',
  aws_s3_: 's3',
  aws_secretsmanager_: 'secretsmanager',
  aws_sns_: 'sns',
  aws_sqs_: 'sqs',
  aws_caller_identity: 'sts',
};

/** Data sources the provider computes without calling AWS. */
const LOCAL_DATA_SOURCES = new Set(['aws_iam_policy_document', 'aws_partition', 'aws_region']);

/** Asked on every run: the account id behind `allowed_account_ids` (sts:GetCallerIdentity, iam:GetUser). */
const ALWAYS = ['iam', 'sts'];

/** The endpoints key serving `type`, or undefined for built-in and computed-only types. */
export function endpointFor(type: string): string | undefined {
  if (!type.startsWith('aws_') || LOCAL_DATA_SOURCES.has(type)) return undefined;
  const prefix = Object.keys(ENDPOINT_BY_TYPE_PREFIX)
    .filter((candidate) => type.startsWith(candidate))
    .sort((a, b) => b.length - a.length)[0];
  if (!prefix) {
    throw new MotoOverrideError(
      `No provider endpoint is known for ${type}: add its type prefix and the hashicorp/aws "endpoints" ` +
        'key of its service to ENDPOINT_BY_TYPE_PREFIX in local/cloud/terraform/override.ts.',
    );
  }
  return ENDPOINT_BY_TYPE_PREFIX[prefix];
}

/** Every endpoints key a stack needs, sorted. */
export function endpointsFor(stackConfig: Json): string[] {
  const types = [
    ...Object.keys((stackConfig.resource ?? {}) as Json),
    ...Object.keys((stackConfig.data ?? {}) as Json),
  ];
  const keys = new Set(ALWAYS);
  for (const type of types) {
    const key = endpointFor(type);
    if (key) keys.add(key);
  }
  return [...keys].sort();
}

/** Every resource of the stack as [type, name, configuration]. */
function resourcesOf(stackConfig: Json): Array<[string, string, Json]> {
  return Object.entries((stackConfig.resource ?? {}) as Record<string, Record<string, Json>>).flatMap(
    ([type, byName]) =>
      Object.entries(byName).map(([name, body]): [string, string, Json] => [type, name, body]),
  );
}

/** The round-trip gaps of the allowlist that apply to a resource. */
export function gapsFor(type: string, config: Json, gaps: readonly RoundTripGap[] = MOTO_ROUND_TRIP_GAPS) {
  return gaps.filter((gap) => gap.type === type && (gap.appliesTo?.(config) ?? true));
}

export interface MotoOverrideOptions {
  /** The moto server, e.g. http://127.0.0.1:45678. */
  readonly endpoint: string;
  readonly credentials: AwsCredentials;
  /** Add `lifecycle.ignore_changes` for the allowlisted round-trip gaps. @default true */
  readonly forgiveRoundTripGaps?: boolean;
  /** The round-trip gaps to forgive. @default MOTO_ROUND_TRIP_GAPS (empty: the local cloud has none left) */
  readonly roundTripGaps?: readonly RoundTripGap[];
  /** Let `principalArn` sts:AssumeRole the roles with these names (moto cannot serve their OIDC trust). */
  readonly assumableBy?: { readonly roleNames: readonly string[]; readonly principalArn: string };
  /** Turn off deletion protection and prevent_destroy. @default false */
  readonly liftProtection?: boolean;
  /**
   * Keep the stack's own backend (e.g. its S3 backend, then pointed at moto by a -backend-config
   * file) instead of the copy's terraform.tfstate. @default false
   */
  readonly keepBackend?: boolean;
}

/** The statement that lets the local-cloud identity assume a role, as a policy JSON document. */
export function assumeRoleStatement(principalArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LocalCloudTestOnlyAssumeRole',
        Effect: 'Allow',
        Principal: { AWS: principalArn },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

function trustDocumentOverrides(stackConfig: Json, roleNames: readonly string[], principalArn: string): Json {
  const roles = resourcesOf(stackConfig).filter(([type]) => type === 'aws_iam_role');
  const documents: Record<string, Json> = {};
  for (const roleName of roleNames) {
    const role = roles.find(([, , body]) => body.name === roleName);
    if (!role) throw new MotoOverrideError(`The stack has no aws_iam_role named ${roleName}.`);
    const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(
      String(role[2].assume_role_policy),
    );
    if (!match) {
      throw new MotoOverrideError(
        `The trust of ${roleName} is not a data.aws_iam_policy_document reference, so the local cloud cannot ` +
          'extend it; build it with policyDocument() (stacks/constructs/policy-document.ts).',
      );
    }
    const existing = ((stackConfig.data as Record<string, Record<string, Json>>).aws_iam_policy_document[
      match[1]
    ].source_policy_documents ?? []) as string[];
    documents[match[1]] = { source_policy_documents: [...existing, assumeRoleStatement(principalArn)] };
  }
  return documents;
}

export interface RenderedOverride {
  readonly override: Json;
  /** Resources whose state `liftProtection` changes (for a targeted apply); empty without it. */
  readonly liftedAddresses: readonly string[];
}

/** The override for a (pruned) stack configuration. */
export function renderMotoOverride(stackConfig: Json, options: MotoOverrideOptions): RenderedOverride {
  const endpoints = Object.fromEntries(endpointsFor(stackConfig).map((key) => [key, options.endpoint]));
  const provider = awsProviderOverrides(stackConfig, {
    access_key: options.credentials.accessKeyId,
    secret_key: options.credentials.secretAccessKey,
    token: options.credentials.sessionToken ?? null,
    profile: null,
    // Asked of moto (sts:GetCallerIdentity / iam:GetUser), so allowed_account_ids is enforced.
    skip_requesting_account_id: false,
    skip_metadata_api_check: 'true',
    s3_use_path_style: true,
    // moto answers what it does not implement with HTTP 500, which the provider retries for minutes
    // by default; one attempt is not enough either, because moto drops a connection now and then.
    max_retries: 2,
    endpoints: [endpoints],
  });

  const resources: Record<string, Record<string, Json>> = {};
  const liftedAddresses: string[] = [];
  const patch = (type: string, name: string, body: Json) => {
    const current = (resources[type] ??= {})[name] ?? {};
    const lifecycle = { ...((current.lifecycle as Json) ?? {}), ...((body.lifecycle as Json) ?? {}) };
    resources[type][name] = { ...current, ...body, ...(Object.keys(lifecycle).length ? { lifecycle } : {}) };
  };
  for (const [type, name, config] of resourcesOf(stackConfig)) {
    const lifecycle = (config.lifecycle ?? {}) as Json;
    if (options.forgiveRoundTripGaps ?? true) {
      const attributes = gapsFor(type, config, options.roundTripGaps).flatMap((gap) => gap.attributes);
      if (attributes.length > 0) {
        // An override's ignore_changes replaces the stack's own: keep those too.
        const own = (lifecycle.ignore_changes ?? []) as string[];
        patch(type, name, { lifecycle: { ignore_changes: [...new Set([...own, ...attributes])] } });
      }
    }
    if (options.liftProtection) {
      const lift: Json = {};
      if (type === 'aws_rds_cluster' && config.deletion_protection === true) {
        Object.assign(lift, { deletion_protection: false, apply_immediately: true });
      }
      if (Object.keys(lift).length > 0) liftedAddresses.push(`${type}.${name}`);
      if (lifecycle.prevent_destroy === true) lift.lifecycle = { prevent_destroy: false };
      if (Object.keys(lift).length > 0) patch(type, name, lift);
    }
  }

  const data = options.assumableBy
    ? {
        aws_iam_policy_document: trustDocumentOverrides(
          stackConfig,
          options.assumableBy.roleNames,
          options.assumableBy.principalArn,
        ),
      }
    : undefined;

  return {
    override: {
      ...(options.keepBackend ? {} : LOCAL_BACKEND_OVERRIDE),
      provider: { aws: provider },
      ...(Object.keys(resources).length > 0 ? { resource: resources } : {}),
      ...(data ? { data } : {}),
    },
    liftedAddresses,
  };
}
