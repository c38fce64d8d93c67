/**
 * The configuration schema: every field, its default and its rule, in one place. Custom messages
 * carry the rule and the fix separated by {@link FIX}; `validate.ts` turns issues into readable errors.
 */
import { z } from 'zod';
import {
  DATA_FILTER_MAX_PATTERNS,
  INTEGRATION_NAME_MAX_LENGTH,
  INTEGRATION_NAME_PATTERN,
  MIN_AURORA_VERSION,
  auroraReleaseOf,
  LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
  LAMBDA_MAX_RESERVABLE_CONCURRENCY,
  LAMBDA_MIN_UNRESERVED_CONCURRENCY,
  malformedFilterPatterns,
  splitDataFilter,
  supportsZeroEtl,
} from '../../rules';
import {
  INGEST_DEFAULTS,
  INGEST_ENV,
  INGEST_ENV_DOCS,
  LOG_LEVELS,
  MYSQL_USER_NAME_PATTERN,
  MYSQL_USER_NAME_RULE,
} from '../../lambda/src/env-vars';
import { AWS_REGIONS } from './aws-regions';
import { checkEnvironment } from './environment-rules';
import { parseCidr } from './cidr';
import { rule } from './rule-message';
import { scheduleExpressionProblem } from './schedule-expression';
import { ZONE_ID_PATTERN } from './zone-ids';

export const DEFAULT_AURORA_ENGINE_VERSION = '8.0.mysql_aurora.3.08.2';

/** A field passed to the function as an environment variable: its description is the variable's. */
function lambdaVariable(key: keyof typeof INGEST_ENV): string {
  return `${INGEST_ENV_DOCS[key].description} Passed to the function as \`${INGEST_ENV[key]}\`.`;
}

/** Values CloudWatch Logs accepts for `retention_in_days`. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Keys earlier versions accepted, with what replaced them and why (a plain "unknown key" would not say). */
const REPLACED_KEYS: Readonly<Record<string, string>> = {
  applyEnvironment: rule(
    '"applyEnvironment" was replaced by "applyEnvironments": each environment has an apply role of its own, and a protected environment\'s role trusts only its GitHub environment',
    'write applyEnvironments: { prod: "production" } (stack name → GitHub environment); environments not listed are applied from applyBranch',
  ),
  availabilityZones: rule(
    '"availabilityZones" was replaced by "availabilityZoneIds": zone names map to different zones in every account, and Redshift Serverless supports only some zones (R13)',
    'list zone IDs instead, e.g. ["use1-az1", "use1-az2", "use1-az4"]; `aws ec2 describe-availability-zones --query "AvailabilityZones[].[ZoneName,ZoneId]"` shows yours',
  ),
};

/** An object that rejects unknown keys with a message listing the allowed ones (typos never fall back to defaults). */
function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const replaced = issue.keys.find((key) => REPLACED_KEYS[key] !== undefined);
      if (replaced) return REPLACED_KEYS[replaced];
      return rule(
        `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`,
        `remove or correct it; allowed keys here: ${Object.keys(shape).join(', ')}`,
      );
    },
  });
}

const cidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  error: rule(
    'malformed IPv4 CIDR block (expected a.b.c.d/n with octets ≤ 255, n ≤ 32 and no host bits set)',
    'write it like 10.20.0.0/16, 10.20.1.0/24',
  ),
});

const logRetentionDays = z
  .number()
  .refine((value) => (LOG_RETENTION_DAYS as readonly number[]).includes(value), {
    error: rule(
      'CloudWatch Logs accepts only specific retention values',
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    ),
  });

/** What Aurora MySQL Advanced Auditing can record (`server_audit_events`). */
export const AUDIT_EVENTS = ['CONNECT', 'QUERY', 'QUERY_DCL', 'QUERY_DDL', 'QUERY_DML', 'TABLE'] as const;
/** Enhanced Monitoring granularities RDS accepts (0, which turns it off, is not offered). */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

const awsRegion = z.string().refine((value) => AWS_REGIONS.includes(value), {
  error: (issue) =>
    rule(
      `"${String(issue.input)}" is not an AWS Region (of the aws partition, as botocore lists them)`,
      `use a Region code such as us-east-1 or eu-west-1 (${AWS_REGIONS.length} are known: stacks/config/aws-regions.ts)`,
    ),
});

const accountId = z.string().regex(/^\d{12}$/, {
  error: rule('an AWS account id is exactly 12 digits', 'quote it as a string, e.g. "123456789012"'),
});

const engineVersion = z.string().superRefine((value, ctx) => {
  const release = auroraReleaseOf(value);
  if (!release) {
    ctx.addIssue({
      code: 'custom',
      message: rule(
        `"${value}" is not an Aurora MySQL 3 engine version`,
        `use the form 8.0.mysql_aurora.3.NN.N, e.g. "${DEFAULT_AURORA_ENGINE_VERSION}"`,
      ),
    });
  } else if (!supportsZeroEtl(release)) {
    ctx.addIssue({
      code: 'custom',
      message: rule(
        `A1: zero-ETL needs Aurora MySQL ${MIN_AURORA_VERSION} or later, got ${value}`,
        `set it to 8.0.mysql_aurora.${MIN_AURORA_VERSION} or later, e.g. "${DEFAULT_AURORA_ENGINE_VERSION}"`,
      ),
    });
  }
});

const integrationName = z
  .string()
  .max(INTEGRATION_NAME_MAX_LENGTH, {
    error: rule(
      `T2: an integration name has at most ${INTEGRATION_NAME_MAX_LENGTH} characters`,
      'shorten it, e.g. "zero-etl-dev"',
    ),
  })
  .regex(INTEGRATION_NAME_PATTERN, {
    error: rule(
      'T2: an integration name must match [a-zA-Z](-?[a-zA-Z0-9]+)* (letters, digits, single hyphens; starts with a letter)',
      'use only letters, digits and single hyphens, e.g. "zero-etl-dev"',
    ),
  });

const dataFilter = z.string().superRefine((value, ctx) => {
  const patterns = splitDataFilter(value);
  const bad = malformedFilterPatterns(value);
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: rule(
        `T3: data filter patterns must look like include: db.table or exclude: db.table, got ${bad.map((p) => `"${p}"`).join(', ')}`,
        'write e.g. "include: jsonplaceholder.*, exclude: jsonplaceholder.tmp_*"',
      ),
    });
  } else if (patterns.length > DATA_FILTER_MAX_PATTERNS) {
    ctx.addIssue({
      code: 'custom',
      message: rule(
        `T3: a data filter holds at most ${DATA_FILTER_MAX_PATTERNS} patterns, got ${patterns.length}`,
        'use wildcards',
      ),
    });
  }
});

const schedule = z.string().superRefine((value, ctx) => {
  const problem = scheduleExpressionProblem(value);
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      message: rule(
        `bad EventBridge schedule expression "${value}": ${problem}`,
        'use e.g. "rate(5 minutes)" or "cron(0/15 * * * ? *)"',
      ),
    });
  }
});

const networkSchema = strict({
  vpcCidr: cidr.meta({ description: "The VPC's IPv4 CIDR block (no host bits set)." }),
  privateSubnetCidrs: z.array(cidr).meta({
    description:
      'One private subnet per zone, in zone order (Aurora, Redshift, Lambda): inside the VPC, /28 or larger, no overlaps.',
  }),
  publicSubnetCidrs: z.array(cidr).meta({
    description:
      'One public subnet per zone, in zone order (NAT gateways): inside the VPC, /28 or larger, no overlaps.',
  }),
  natGateways: z
    .enum(['single', 'per-az'])
    .default('single')
    .meta({ description: '`single`: one NAT gateway (cheap, dev); `per-az`: one per zone (prod).' }),
  flowLogRetentionDays: logRetentionDays.default(365).meta({
    description:
      "Retention of the VPC flow log (all traffic, CloudWatch Logs, encrypted with the environment's key); a CloudWatch Logs retention value.",
  }),
});

const auroraSchema = strict({
  engineVersion: engineVersion.default(DEFAULT_AURORA_ENGINE_VERSION).meta({
    description: `Aurora MySQL 3 engine version (8.0.mysql_aurora.3.NN.N), ${MIN_AURORA_VERSION} or later (A1).`,
  }),
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+(\.[a-z0-9]+)?$/, {
      error: rule('not an RDS instance class', 'use "db.serverless" or e.g. "db.r6g.large"'),
    })
    .default('db.serverless')
    .meta({ description: '`db.serverless` (Serverless v2) or a provisioned class such as `db.r6g.large`.' }),
  serverlessV2: strict({
    minCapacity: z.number().min(0.5, { error: rule('minimum ACU is 0.5', 'set minCapacity ≥ 0.5') }),
    maxCapacity: z.number().max(256, { error: rule('maximum ACU is 256', 'set maxCapacity ≤ 256') }),
  })
    .default({ minCapacity: 0.5, maxCapacity: 4 })
    .meta({
      description:
        'Serverless v2 capacity in ACUs (with `db.serverless`): 0.5 ≤ minCapacity ≤ maxCapacity ≤ 256.',
    }),
  readerCount: z
    .number()
    .int()
    .min(0)
    .max(15)
    .default(0)
    .meta({ description: 'Reader instances besides the writer, 0–15 (a writer always exists, A10).' }),
  databaseName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, {
      error: rule(
        'a MySQL database name here is a letter then letters, digits or _ (≤ 64)',
        'e.g. "jsonplaceholder"',
      ),
    })
    .default('jsonplaceholder')
    .meta({
      description:
        'The database the ingestion writes to and the integration replicates: a letter, then letters, digits or _ (≤ 64).',
    }),
  masterUsername: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, {
      error: rule('a master username is a letter then up to 15 letters, digits or _', 'e.g. "zeroetl_admin"'),
    })
    .default('zeroetl_admin')
    .meta({ description: 'The master user; RDS generates and rotates its password in Secrets Manager.' }),
  ingestUsername: z
    .string()
    .regex(MYSQL_USER_NAME_PATTERN, {
      error: rule(`a MySQL user name is ${MYSQL_USER_NAME_RULE}`, 'e.g. "zeroetl_ingest"'),
    })
    .default('zeroetl_ingest')
    .meta({
      description:
        'The MySQL user the ingestion function writes as: created by `migrate` with DML on the application tables only, authenticated with IAM (no password).',
    }),
  backupRetentionDays: z
    .number()
    .int()
    .min(1, { error: rule('backups must be kept at least 1 day', 'set 1–35') })
    .max(35, { error: rule('RDS keeps backups at most 35 days', 'set 1–35') })
    .default(7)
    .meta({ description: 'Days RDS keeps automated backups, 1–35.' }),
  deletionProtection: z
    .boolean()
    .default(false)
    .meta({ description: 'Deletion protection, and a final snapshot on destroy.' }),
  logRetentionDays: logRetentionDays.default(365).meta({
    description:
      'Retention of the exported audit, error and slowquery logs; a CloudWatch Logs retention value.',
  }),
  auditEvents: z
    .array(z.enum(AUDIT_EVENTS))
    .min(1, {
      error: rule('audit logging needs at least one event type', `use some of ${AUDIT_EVENTS.join(', ')}`),
    })
    .default(['CONNECT', 'QUERY_DCL', 'QUERY_DDL'])
    .meta({
      description:
        'What Advanced Auditing records into the exported `audit` log (`server_audit_events`). DML is left out by default: the ingestion upserts every few minutes and would dominate the log.',
    }),
  monitoringIntervalSeconds: z
    .number()
    .refine((value) => (MONITORING_INTERVALS as readonly number[]).includes(value), {
      error: rule(
        'Enhanced Monitoring accepts only some intervals',
        `use one of ${MONITORING_INTERVALS.join(', ')}`,
      ),
    })
    .default(60)
    .meta({
      description: `Enhanced Monitoring interval of every instance, in seconds: ${MONITORING_INTERVALS.join(', ')}.`,
    }),
  performanceInsightsRetentionDays: z
    .number()
    .int()
    .refine((value) => value === 7 || value === 731 || (value % 31 === 0 && value >= 31 && value <= 713), {
      error: rule(
        'Performance Insights keeps data 7 days, a multiple of 31 days up to 713, or 731 days',
        'use e.g. 7, 93 or 731',
      ),
    })
    .default(7)
    .meta({
      description:
        'Performance Insights retention in days: 7 (free tier), a multiple of 31 up to 713, or 731.',
    }),
  extraClusterParameters: z.record(z.string(), z.string()).default({}).meta({
    description:
      'Extra cluster parameters. They may not contradict A3/A4 (e.g. `binlog_format` stays `ROW`; no `PARTIAL_JSON`) and may override `server_audit_*` and those of the slow query log (`slow_query_log`, `long_query_time` = 2 s, `log_output`).',
  }),
});

const redshiftSchema = strict({
  baseCapacity: z
    .number()
    .int()
    .refine((value) => value >= 8 && value <= 1024 && value % 8 === 0, {
      error: rule(
        'Redshift Serverless base capacity must be 8–1024 RPUs in steps of 8',
        'use e.g. 8, 16, 32, 128',
      ),
    })
    .default(8)
    .meta({ description: 'Base capacity in RPUs: 8–1024 in steps of 8.' }),
  maxCapacity: z
    .number()
    .int()
    .refine((value) => value >= 8 && value <= 5632 && value % 8 === 0, {
      error: rule('Redshift Serverless max capacity must be 8–5632 RPUs in steps of 8', 'use e.g. 64 or 512'),
    })
    .optional()
    .meta({
      description: 'Upper RPU limit: 8–5632 in steps of 8, at least the base capacity.',
      defaultText: 'no limit',
    }),
  adminUsername: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,127}$/, {
      error: rule('a Redshift admin username is lowercase letters, digits or _', 'e.g. "zeroetl_admin"'),
    })
    .default('zeroetl_admin')
    .meta({ description: 'The namespace admin user; Redshift manages its password in Secrets Manager.' }),
  targetDatabase: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, {
      error: rule('a Redshift database name is lowercase letters, digits or _ (≤ 63)', 'e.g. "analytics"'),
    })
    .default('jsonplaceholder_zeroetl')
    .meta({ description: 'The database created FROM INTEGRATION in Redshift (R6).' }),
  enhancedVpcRouting: z.boolean().default(false).meta({
    description:
      "Route the workgroup's COPY/UNLOAD traffic through the VPC. Off: the pipeline has none (zero-ETL and the Data API do not use the VPC route), the Redshift security group has no egress, and enhanced VPC routing needs more free addresses per subnet.",
  }),
  allowedIngressCidrs: z
    .array(
      cidr.refine((value) => parseCidr(value)?.prefix !== 0, {
        error: rule('0.0.0.0/0 would open Redshift to the internet', 'list only the networks that query it'),
      }),
    )
    .default([])
    .meta({ description: 'Networks allowed to reach the workgroup on 5439; never 0.0.0.0/0.' }),
});

const integrationSchema = strict({
  name: integrationName.optional().meta({
    description: 'The `aws_rds_integration` name: 1–63 characters of `[a-zA-Z](-?[a-zA-Z0-9]+)*` (T2).',
    defaultText: '`<project>-<environment>`',
  }),
  dataFilter: dataFilter.optional().meta({
    description: `Maxwell-style \`include:\`/\`exclude:\` \`db.table\` patterns, at most ${DATA_FILTER_MAX_PATTERNS} (T3).`,
    defaultText: '`include: <aurora.databaseName>.*`',
  }),
  customerManagedKey: z.boolean().default(true).meta({
    description:
      "Encrypt with the environment's customer-managed KMS key (T6/R12); `false`: an AWS-owned key, and drift of `kms_key_id` is ignored.",
  }),
});

const ingestSchema = strict({
  apiBaseUrl: z
    .url({
      protocol: /^https$/,
      error: rule('the API URL must be an https URL', `e.g. "${INGEST_DEFAULTS.apiBaseUrl}"`),
    })
    .default(INGEST_DEFAULTS.apiBaseUrl)
    .meta({ description: 'The source API (https).' }),
  schedule: schedule.default('rate(5 minutes)').meta({
    description: 'The EventBridge schedule: `rate(n unit)` (singular for 1) or a six-field `cron(...)`.',
  }),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(900, { error: rule('Lambda timeouts are at most 900 s', 'set timeoutSeconds ≤ 900') })
    .default(180)
    .meta({
      description:
        "The function's timeout, at most 900 s. The default covers its own worst case: up to 60 s fetching (HTTP_TOTAL_TIMEOUT_MS) plus up to 60 s waiting for a concurrent run's lock (DB_LOCK_TIMEOUT_SECONDS), plus the writes.",
    }),
  memoryMb: z
    .number()
    .int()
    .min(128)
    .max(10240)
    .default(512)
    .meta({ description: "The function's memory, 128–10240 MB." }),
  reservedConcurrency: z
    .number()
    .int()
    .min(1, { error: rule('a reservation is at least 1', 'remove reservedConcurrency to reserve none') })
    .max(LAMBDA_MAX_RESERVABLE_CONCURRENCY, {
      error: rule(
        `L1: Lambda keeps ${LAMBDA_MIN_UNRESERVED_CONCURRENCY} executions unreserved, so a default account (quota ${LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY.toLocaleString('en-US')}) can reserve at most ${LAMBDA_MAX_RESERVABLE_CONCURRENCY}`,
        'lower reservedConcurrency, or raise the account quota first',
      ),
    })
    .optional()
    .meta({
      description: `Reserved concurrency (opt-in), 1–${LAMBDA_MAX_RESERVABLE_CONCURRENCY}. Runs are already serialised by a database lock; a reservation only caps them, and Lambda refuses one that leaves fewer than ${LAMBDA_MIN_UNRESERVED_CONCURRENCY} unreserved executions in the account (L1).`,
      defaultText: "none (the account's unreserved pool)",
    }),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(INGEST_DEFAULTS.batchSize)
    .meta({ description: lambdaVariable('batchSize') }),
  httpTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(600000)
    .default(INGEST_DEFAULTS.httpTimeoutMs)
    .meta({ description: lambdaVariable('httpTimeoutMs') }),
  httpRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(INGEST_DEFAULTS.httpRetries)
    .meta({ description: lambdaVariable('httpRetries') }),
  logLevel: z
    .enum(LOG_LEVELS)
    .default(INGEST_DEFAULTS.logLevel)
    .meta({ description: lambdaVariable('logLevel') }),
  logRetentionDays: logRetentionDays
    .default(365)
    .meta({ description: "Retention of the function's logs; a CloudWatch Logs retention value." }),
});

const monitoringSchema = strict({
  alarmEmail: z
    .email({ error: rule('not an email address', 'e.g. "data-team@example.com"') })
    .optional()
    .meta({
      description: 'An e-mail address subscribed to the alarm topic (the recipient must confirm).',
      defaultText: 'no subscription',
    }),
  integrationLagThresholdSeconds: z
    .number()
    .int()
    .min(60)
    .default(900)
    .meta({ description: 'Alarm when IntegrationLag exceeds this many seconds (≥ 60).' }),
});

export const environmentSchema = strict({
  region: awsRegion.meta({
    description:
      "The environment's Region. Account and zones come from the configuration: plans never ask AWS.",
  }),
  accountId: accountId.meta({ description: "The environment's AWS account id: 12 digits, quoted." }),
  // The count (R13) is checked with the other cross-field rules in environment-rules.ts.
  availabilityZoneIds: z
    .array(
      z.string().regex(ZONE_ID_PATTERN, {
        error: rule(
          'not an Availability Zone ID',
          'use zone IDs such as "use1-az1" (not zone names like "us-east-1a")',
        ),
      }),
    )
    .meta({
      description:
        'Availability Zones of `region` by zone ID (`use1-az2`: the same zone in every account), one subnet of each kind per zone: at least 3, with or without enhanced VPC routing, for the Redshift Serverless workgroup (R13); no duplicates.',
    }),
  network: networkSchema,
  aurora: auroraSchema.default(auroraSchema.parse({})),
  redshift: redshiftSchema.default(redshiftSchema.parse({})),
  integration: integrationSchema.default(integrationSchema.parse({})),
  ingest: ingestSchema.default(ingestSchema.parse({})),
  monitoring: monitoringSchema.default(monitoringSchema.parse({})),
  tags: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: "Extra tags on every resource (the provider's default tags)." }),
});

const s3BucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
  error: rule(
    'an S3 bucket name is 3–63 lowercase letters, digits, dots or hyphens',
    'e.g. "acme-zero-etl-tfstate"',
  ),
});

export const backendSchema = z.discriminatedUnion(
  'type',
  [
    strict({ type: z.literal('local') }),
    strict({
      type: z.literal('s3'),
      bucket: s3BucketName
        .optional()
        .meta({ description: '`s3`: the state bucket.', defaultText: "the bootstrap stack's state bucket" }),
      region: awsRegion
        .optional()
        .meta({ description: "`s3`: the state bucket's Region.", defaultText: 'the bootstrap Region' }),
      keyPrefix: z
        .string()
        .regex(/^[A-Za-z0-9._/-]+$/)
        .default('zero-etl')
        .meta({ description: '`s3`: state keys are `<keyPrefix>/<stack>.tfstate`.' }),
      kmsKeyId: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, {
          error: rule(
            'not a KMS key or alias ARN',
            'e.g. "arn:aws:kms:us-east-1:111111111111:alias/zero-etl-tfstate"',
          ),
        })
        .optional()
        .meta({
          description: '`s3`: the KMS key (ARN or alias ARN) Terraform encrypts the state with.',
          defaultText:
            "the bootstrap stack's state key, `arn:aws:kms:<region>:<bootstrap account>:alias/<project>-tfstate`",
        }),
    }),
    strict({
      type: z.literal('cloud'),
      organization: z
        .string()
        .min(1)
        .meta({ description: '`cloud`: the HCP Terraform organization; workspaces are `zero-etl-<stack>`.' }),
    }),
  ],
  { error: rule('backend.type must be local, s3 or cloud', 'set backend.type to "local", "s3" or "cloud"') },
);

export const bootstrapSchema = strict({
  region: awsRegion.meta({
    description: "The bootstrap stack's Region (state bucket and key, GitHub roles).",
  }),
  accountId: accountId.meta({ description: "The bootstrap stack's AWS account id: 12 digits, quoted." }),
  stateBucket: s3BucketName.meta({
    description:
      'The Terraform state bucket the bootstrap stack creates: 3–63 lowercase letters, digits, dots or hyphens.',
  }),
  github: strict({
    owner: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { error: rule('not a GitHub owner name', 'e.g. "acme"') })
      .meta({ description: 'The GitHub owner (user or organization).' }),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, { error: rule('not a GitHub repository name', 'e.g. "zero-etl"') })
      .meta({ description: 'The GitHub repository name, without the owner.' }),
    applyBranch: z
      .string()
      .min(1)
      .default('main')
      .meta({ description: 'The branch whose pushes apply every environment not in `applyEnvironments`.' }),
    applyEnvironments: z.record(z.string(), z.string().min(1)).default({ prod: 'production' }).meta({
      description:
        "Environments applied only from a protected GitHub environment: stack name → GitHub environment. That environment's apply role trusts only its jobs (never a branch), so its reviewers gate every change; keys must be environments.",
    }),
    driftEnvironment: z.string().min(1).default('drift').meta({
      description: 'The GitHub environment of the drift check: its jobs may assume the read-only plan role.',
    }),
  }),
  stateVersionRetentionDays: z
    .number()
    .int()
    .min(1, { error: rule('previous state versions must be kept at least 1 day', 'set e.g. 90') })
    .default(90)
    .meta({ description: "Days the state bucket keeps a state file's previous versions (≥ 1)." }),
});

const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{1,11}$/;
/** `bootstrap` is a stack of its own; `<project>-github-…` names the GitHub roles, which no environment may own. */
const RESERVED_ENVIRONMENT_NAMES = ['bootstrap', 'github'];

export const projectSchema = strict({
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}[a-z0-9]$/, {
      error: rule('the project prefix is 3–22 lowercase letters, digits or hyphens', 'e.g. "zero-etl"'),
    })
    .default('zero-etl')
    .meta({ description: 'The prefix of every resource name: 3–22 lowercase letters, digits or hyphens.' }),
  backend: backendSchema.default({ type: 'local' }).meta({
    description:
      'Where Terraform state lives: `local`, `s3` or `cloud` (HCP Terraform); ZERO_ETL_BACKEND and friends override it (see Backends).',
  }),
  bootstrap: bootstrapSchema,
  environments: z.record(z.string(), environmentSchema).meta({
    description:
      'One stack per key (`dev`, `prod`, …): 2–12 lowercase letters or digits, not `bootstrap` or `github`.',
  }),
}).superRefine((config, ctx) => {
  const names = Object.keys(config.environments);
  if (names.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['environments'],
      message: rule('at least one environment is needed', 'add e.g. environments.dev'),
    });
  }
  for (const name of names) {
    if (!ENVIRONMENT_NAME.test(name) || RESERVED_ENVIRONMENT_NAMES.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments', name],
        message: rule(
          `"${name}" cannot be an environment name (2–12 lowercase letters/digits, not ${RESERVED_ENVIRONMENT_NAMES.map((n) => `"${n}"`).join(' or ')})`,
          'rename it, e.g. "dev", "staging", "prod"',
        ),
      });
    }
    checkEnvironment(config.project, name, config.environments[name], (path, message) =>
      ctx.addIssue({ code: 'custom', path: ['environments', name, ...path], message }),
    );
  }
  // A misspelt name would leave that environment's apply role trusting the branch: no reviewers.
  for (const name of Object.keys(config.bootstrap.github.applyEnvironments)) {
    if (!names.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['bootstrap', 'github', 'applyEnvironments', name],
        message: rule(
          `"${name}" is not an environment (${names.map((n) => `"${n}"`).join(', ')}); its protection would apply to nothing${name === 'prod' ? ' (the default maps prod to "production")' : ''}`,
          'map your protected environments to their GitHub environments, e.g. { live: "production" }, or write {} to apply every environment from applyBranch',
        ),
      });
    }
  }
});
