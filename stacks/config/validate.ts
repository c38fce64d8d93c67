/**
 * Turns raw configuration (and the backend environment variables) into the typed, defaulted
 * configuration the stacks use. Runs once at synth; every problem is reported in one error.
 */
import { type z } from 'zod';
import { databaseDataFilter } from '../../rules';
import { ConfigValidationError, type ConfigIssue } from './errors';
import { FIX } from './rule-message';
import { backendSchema, projectSchema, type bootstrapSchema, type environmentSchema } from './schema';

/** What a user writes (defaults may be omitted). */
export type ProjectConfigInput = z.input<typeof projectSchema>;

type ParsedEnvironment = z.output<typeof environmentSchema>;

/** One environment, validated and with every default filled in. */
export interface EnvironmentConfig extends Omit<ParsedEnvironment, 'integration'> {
  /** Stack id, e.g. `dev`. */
  readonly name: string;
  /** The project (the `Project` tag and the first part of every name), e.g. `zero-etl`. */
  readonly project: string;
  /** Prefix of every resource name, e.g. `zero-etl-dev`. */
  readonly namePrefix: string;
  readonly integration: {
    readonly name: string;
    readonly dataFilter: string;
    readonly customerManagedKey: boolean;
  };
}

export type BootstrapConfig = z.output<typeof bootstrapSchema>;

/** Where Terraform state lives, fully resolved. */
export type BackendSettings =
  | { readonly type: 'local' }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly keyPrefix: string;
      /** KMS key or alias ARN the state is encrypted with. */
      readonly kmsKeyId: string;
    }
  | { readonly type: 'cloud'; readonly organization: string };

export interface ProjectConfig {
  readonly project: string;
  readonly backend: BackendSettings;
  /** The prefix of every stack's state key in S3 (`<prefix>/<stack>.tfstate`), whatever `backend` this synth uses. */
  readonly stateKeyPrefix: string;
  readonly bootstrap: BootstrapConfig;
  readonly environments: readonly EnvironmentConfig[];
}

/** Environment variables that override `backend` (see docs/infrastructure.md). */
export interface BackendEnvironment {
  readonly ZERO_ETL_BACKEND?: string;
  readonly ZERO_ETL_STATE_BUCKET?: string;
  readonly ZERO_ETL_STATE_REGION?: string;
  readonly ZERO_ETL_TFC_ORGANIZATION?: string;
}

const GENERIC_FIXES: Record<string, string> = {
  invalid_type: 'give it a value of the expected type',
  too_small: 'raise the value (or add items)',
  too_big: 'lower the value (or remove items)',
  invalid_value: 'use one of the listed values',
  invalid_format: 'correct the format',
  invalid_union: 'match one of the documented shapes',
};

function toIssue(prefix: string, issue: z.core.$ZodIssue): ConfigIssue {
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return {
      field,
      rule: `missing: it is required (a ${issue.expected})`,
      fix: `add ${String(issue.path[issue.path.length - 1] ?? 'it')}; docs/infrastructure.md#configuration-reference says what it is`,
    };
  }
  const [broken, fix] = issue.message.split(FIX);
  return {
    field,
    rule: fix === undefined ? broken.replace(/^Invalid input: /, '') : broken,
    fix: fix ?? GENERIC_FIXES[issue.code] ?? 'see docs/infrastructure.md',
  };
}

/** Validates `raw` and fills defaults; throws {@link ConfigValidationError} listing every problem. */
export function parseConfig(raw: unknown, env: BackendEnvironment = {}): ProjectConfig {
  const parsed = projectSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigValidationError(parsed.error.issues.map((i) => toIssue('', i)));
  const config = parsed.data;
  const backend = resolveBackend(config.backend, config.bootstrap, env, config.project);
  const environments = Object.entries(config.environments).map(([name, environment]): EnvironmentConfig => ({
    ...environment,
    name,
    project: config.project,
    namePrefix: `${config.project}-${name}`,
    integration: {
      name: environment.integration.name ?? `${config.project}-${name}`,
      dataFilter: environment.integration.dataFilter ?? databaseDataFilter(environment.aurora.databaseName),
      customerManagedKey: environment.integration.customerManagedKey,
    },
  }));
  return {
    project: config.project,
    backend,
    stateKeyPrefix: s3KeyPrefix(config.backend),
    bootstrap: config.bootstrap,
    environments,
  };
}

/**
 * The key prefix S3 backends use: the configured one, else the schema's default. The bootstrap
 * stack scopes the roles' state rights by it even when it is synthesized with another backend.
 */
function s3KeyPrefix(configured: z.output<typeof backendSchema>): string {
  const s3 = configured.type === 's3' ? configured : backendSchema.parse({ type: 's3' });
  return s3.type === 's3' ? s3.keyPrefix : '';
}

/** Alias of the bootstrap stack's state-bucket key: the bootstrap stack creates it, S3 backends use it. */
export function stateKeyAlias(project: string): string {
  return `alias/${project}-tfstate`;
}

/**
 * The backend: `ZERO_ETL_BACKEND` (and the bucket/region/organization variables) win over the
 * configuration; an S3 backend defaults to the bootstrap stack's state bucket, Region and key.
 */
export function resolveBackend(
  configured: z.output<typeof backendSchema>,
  bootstrap: BootstrapConfig,
  env: BackendEnvironment,
  project: string,
): BackendSettings {
  const type = env.ZERO_ETL_BACKEND?.trim() || configured.type;
  const fromEnv = (name: keyof BackendEnvironment): string | undefined => env[name]?.trim() || undefined;
  let candidate: unknown;
  if (type === 's3') {
    const fromConfig = configured.type === 's3' ? configured : undefined;
    const region = fromEnv('ZERO_ETL_STATE_REGION') ?? fromConfig?.region ?? bootstrap.region;
    candidate = {
      type,
      bucket: fromEnv('ZERO_ETL_STATE_BUCKET') ?? fromConfig?.bucket ?? bootstrap.stateBucket,
      region,
      keyPrefix: fromConfig?.keyPrefix,
      kmsKeyId:
        fromConfig?.kmsKeyId ?? `arn:aws:kms:${region}:${bootstrap.accountId}:${stateKeyAlias(project)}`,
    };
  } else if (type === 'cloud') {
    const organization =
      fromEnv('ZERO_ETL_TFC_ORGANIZATION') ??
      (configured.type === 'cloud' ? configured.organization : undefined);
    if (!organization) {
      throw new ConfigValidationError([
        {
          field: 'ZERO_ETL_TFC_ORGANIZATION',
          rule: 'the cloud backend needs an HCP Terraform organization',
          fix: 'export ZERO_ETL_TFC_ORGANIZATION=<org> or set backend.organization in the configuration',
        },
      ]);
    }
    candidate = { type, organization };
  } else {
    candidate = { type };
  }
  const parsed = backendSchema.safeParse(candidate);
  if (!parsed.success) {
    const prefix = env.ZERO_ETL_BACKEND ? 'ZERO_ETL_BACKEND' : 'backend';
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) =>
        issue.path.length === 0 || issue.path[0] === 'type'
          ? {
              field: prefix,
              rule: `unknown backend "${type}"`,
              fix: 'use local, s3 or cloud',
            }
          : toIssue(prefix, issue),
      ),
    );
  }
  const backend = parsed.data;
  if (backend.type === 's3') {
    return {
      type: 's3',
      bucket: backend.bucket!,
      region: backend.region!,
      keyPrefix: backend.keyPrefix,
      kmsKeyId: backend.kmsKeyId!,
    };
  }
  return backend;
}
