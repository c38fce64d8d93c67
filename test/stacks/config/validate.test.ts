import {
  ConfigValidationError,
  PROJECT_CONFIG,
  parseConfig,
  type ProjectConfigInput,
} from '../../../stacks/config';
import { type Json } from '../../harness/json';

/** A deep copy of the shipped configuration with `edit` applied to the dev environment. */
function withDev(
  edit: (dev: Record<string, Json>) => void,
  top?: (config: Record<string, Json>) => void,
): unknown {
  const config = structuredClone(PROJECT_CONFIG) as unknown as Record<string, Json>;
  edit(config.environments.dev);
  top?.(config);
  return config;
}

function issuesOf(raw: unknown, env = {}) {
  try {
    parseConfig(raw, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration validation', () => {
  it('accepts the shipped configuration and fills every default', () => {
    // Act
    const config = parseConfig(PROJECT_CONFIG, {});

    // Assert
    expect(config.environments.map((environment) => environment.name)).toEqual(['dev', 'prod']);
    const dev = config.environments[0];
    expect(dev.aurora.engineVersion).toBe('8.0.mysql_aurora.3.08.2');
    expect(dev.integration).toEqual({
      name: 'zero-etl-dev',
      dataFilter: 'include: jsonplaceholder.*',
      customerManagedKey: true,
    });
    expect(dev.ingest.schedule).toBe('rate(5 minutes)');
    expect(config.backend).toEqual({ type: 'local' });
    // prod is applied only from the protected production environment; the drift check plans read-only.
    expect(config.bootstrap.github).toMatchObject({
      applyBranch: 'main',
      applyEnvironments: { prod: 'production' },
      driftEnvironment: 'drift',
    });
    // The roles' state rights name S3 keys whatever backend this synth uses.
    expect(config.stateKeyPrefix).toBe('zero-etl');
  });

  // Each case: what is wrong, the edit, the field the message must name, words of the rule.
  const invalid: Array<[string, unknown, string, RegExp]> = [
    [
      'an engine below 3.05.2 (A1)',
      withDev((dev) => (dev.aurora = { engineVersion: '8.0.mysql_aurora.3.04.0' })),
      'environments.dev.aurora.engineVersion',
      /A1: .*3\.05\.2 or later.*Fix: set it to 8\.0\.mysql_aurora\.3\.05\.2 or later/,
    ],
    [
      'an engine version that is not Aurora MySQL 3',
      withDev((dev) => (dev.aurora = { engineVersion: '5.7.mysql_aurora.2.11.2' })),
      'environments.dev.aurora.engineVersion',
      /not an Aurora MySQL 3 engine version/,
    ],
    [
      'an integration name with an underscore',
      withDev((dev) => (dev.integration = { name: 'zero_etl_dev' })),
      'environments.dev.integration.name',
      /\[a-zA-Z\]\(-\?\[a-zA-Z0-9\]\+\)\*/,
    ],
    [
      'an integration name with a trailing hyphen',
      withDev((dev) => (dev.integration = { name: 'zero-etl-' })),
      'environments.dev.integration.name',
      /must match/,
    ],
    [
      'an integration name over 63 characters',
      withDev((dev) => (dev.integration = { name: `a${'b'.repeat(63)}` })),
      'environments.dev.integration.name',
      /T2: an integration name has at most 63 characters/,
    ],
    [
      'one availability zone',
      withDev((dev) => {
        dev.availabilityZoneIds = ['use1-az2'];
        dev.network.privateSubnetCidrs = ['10.20.0.0/20'];
        dev.network.publicSubnetCidrs = ['10.20.128.0/24'];
      }),
      'environments.dev.availabilityZoneIds',
      /R13: a Redshift Serverless workgroup needs at least 3 subnets in 3 distinct Availability Zones, got 1 subnet in 1 zone/,
    ],
    [
      'two availability zones without enhanced VPC routing (R13: three, with or without it)',
      withDev((dev) => {
        dev.availabilityZoneIds = ['use1-az2', 'use1-az4'];
        dev.network.privateSubnetCidrs = ['10.20.0.0/20', '10.20.16.0/20'];
        dev.network.publicSubnetCidrs = ['10.20.128.0/24', '10.20.129.0/24'];
        dev.redshift = { ...dev.redshift, enhancedVpcRouting: false };
      }),
      'environments.dev.availabilityZoneIds',
      /R13: .*at least 3 subnets in 3 distinct Availability Zones, got 2 subnets in 2 zones.*Fix: list at least 3 zone IDs of us-east-1/,
    ],
    [
      'two us-west-1 zones: the exception needs a third subnet, which one subnet per zone cannot give',
      withDev((dev) => {
        dev.region = 'us-west-1';
        dev.availabilityZoneIds = ['usw1-az1', 'usw1-az3'];
        dev.network.privateSubnetCidrs = ['10.20.0.0/20', '10.20.16.0/20'];
        dev.network.publicSubnetCidrs = ['10.20.128.0/24', '10.20.129.0/24'];
      }),
      'environments.dev.availabilityZoneIds',
      /R13: .*3 subnets in 2 distinct Availability Zones in us-west-1.*got 2 subnets in 2 zones.*a second subnet in one zone is not supported/,
    ],
    [
      'a zone ID outside the Region (A11)',
      withDev((dev) => (dev.availabilityZoneIds = ['use1-az2', 'usw2-az1', 'use1-az6'])),
      'environments.dev.availabilityZoneIds.1',
      /zone ID "usw2-az1" is not in Region us-east-1, whose zone IDs start with "use1-"/,
    ],
    [
      'a zone name where a zone ID belongs',
      withDev((dev) => (dev.availabilityZoneIds = ['us-east-1a', 'use1-az4', 'use1-az6'])),
      'environments.dev.availabilityZoneIds.0',
      /not an Availability Zone ID.*"use1-az1" \(not zone names like "us-east-1a"\)/,
    ],
    [
      'the zone names of earlier versions (availabilityZones)',
      withDev((dev) => {
        dev.availabilityZones = ['us-east-1a', 'us-east-1b'];
      }),
      'environments.dev',
      /"availabilityZones" was replaced by "availabilityZoneIds".*describe-availability-zones/,
    ],
    [
      'enhanced VPC routing with 2 zones only (R13)',
      withDev((dev) => {
        dev.availabilityZoneIds = ['use1-az2', 'use1-az4'];
        dev.network.privateSubnetCidrs = ['10.20.0.0/20', '10.20.16.0/20'];
        dev.network.publicSubnetCidrs = ['10.20.128.0/24', '10.20.129.0/24'];
        dev.redshift = { ...dev.redshift, enhancedVpcRouting: true };
      }),
      'environments.dev.availabilityZoneIds',
      /R13: a Redshift Serverless workgroup needs at least 3 subnets in 3 distinct Availability Zones, got 2 subnets in 2 zones/,
    ],
    [
      'a reserved concurrency no default account can give (L1)',
      withDev((dev) => (dev.ingest = { reservedConcurrency: 950 })),
      'environments.dev.ingest.reservedConcurrency',
      /L1: Lambda keeps 100 executions unreserved/,
    ],
    [
      'overlapping subnet CIDRs',
      withDev((dev) => (dev.network.privateSubnetCidrs = ['10.20.0.0/20', '10.20.8.0/21', '10.20.32.0/20'])),
      'environments.dev.network.privateSubnetCidrs.1',
      /10\.20\.8\.0\/21 overlaps 10\.20\.0\.0\/20/,
    ],
    [
      'a malformed CIDR (octet above 255)',
      withDev((dev) => (dev.network.vpcCidr = '10.300.0.0/16')),
      'environments.dev.network.vpcCidr',
      /malformed IPv4 CIDR/,
    ],
    [
      'a CIDR with host bits set',
      withDev(
        (dev) => (dev.network.publicSubnetCidrs = ['10.20.128.1/24', '10.20.129.0/24', '10.20.130.0/24']),
      ),
      'environments.dev.network.publicSubnetCidrs.0',
      /no host bits set/,
    ],
    [
      'a subnet outside the VPC',
      withDev(
        (dev) => (dev.network.publicSubnetCidrs = ['10.99.0.0/24', '10.20.129.0/24', '10.20.130.0/24']),
      ),
      'environments.dev.network.publicSubnetCidrs.0',
      /outside the VPC 10\.20\.0\.0\/16/,
    ],
    [
      'a subnet count that does not match the zones',
      withDev((dev) => (dev.network.privateSubnetCidrs = ['10.20.0.0/20', '10.20.16.0/20'])),
      'environments.dev.network.privateSubnetCidrs',
      /one subnet per availability zone \(3\), got 2/,
    ],
    [
      'a bad schedule expression',
      withDev((dev) => (dev.ingest = { schedule: 'every 5 minutes' })),
      'environments.dev.ingest.schedule',
      /bad EventBridge schedule expression/,
    ],
    [
      'a rate with the wrong unit number',
      withDev((dev) => (dev.ingest = { schedule: 'rate(5 minute)' })),
      'environments.dev.ingest.schedule',
      /plural unit/,
    ],
    [
      'a cron expression with five fields',
      withDev((dev) => (dev.ingest = { schedule: 'cron(0 * * * ?)' })),
      'environments.dev.ingest.schedule',
      /needs 6 fields/,
    ],
    [
      'a Redshift base capacity below 8 RPUs',
      withDev((dev) => (dev.redshift = { baseCapacity: 4 })),
      'environments.dev.redshift.baseCapacity',
      /8–1024 RPUs in steps of 8/,
    ],
    [
      'a Redshift base capacity not in steps of 8',
      withDev((dev) => (dev.redshift = { baseCapacity: 12 })),
      'environments.dev.redshift.baseCapacity',
      /steps of 8/,
    ],
    [
      'a Redshift max capacity below the base capacity',
      withDev((dev) => (dev.redshift = { baseCapacity: 64, maxCapacity: 32 })),
      'environments.dev.redshift.maxCapacity',
      /below base capacity 64/,
    ],
    [
      'Redshift open to 0.0.0.0/0',
      withDev((dev) => (dev.redshift = { allowedIngressCidrs: ['0.0.0.0/0'] })),
      'environments.dev.redshift.allowedIngressCidrs.0',
      /open Redshift to the internet/,
    ],
    [
      'an unknown key (a typo)',
      withDev((dev) => (dev.aurora = { engineVerison: '8.0.mysql_aurora.3.08.2' })),
      'environments.dev.aurora',
      /unknown key "engineVerison".*allowed keys here: engineVersion/,
    ],
    [
      'an unknown top-level key',
      withDev(
        () => undefined,
        (config) => (config.enviroments = {}),
      ),
      '(root)',
      /unknown key "enviroments"/,
    ],
    [
      'an extra parameter contradicting the binlog settings (A3)',
      withDev((dev) => (dev.aurora = { extraClusterParameters: { binlog_format: 'MIXED' } })),
      'environments.dev.aurora.extraClusterParameters.binlog_format',
      /A3: zero-ETL requires binlog_format=ROW, got MIXED/,
    ],
    [
      'binlog_row_value_options=PARTIAL_JSON (A4)',
      withDev(
        (dev) => (dev.aurora = { extraClusterParameters: { binlog_row_value_options: 'PARTIAL_JSON' } }),
      ),
      'environments.dev.aurora.extraClusterParameters.binlog_row_value_options',
      /A4: binlog_row_value_options must not be PARTIAL_JSON/,
    ],
    [
      'Serverless v2 min capacity above max',
      withDev((dev) => (dev.aurora = { serverlessV2: { minCapacity: 8, maxCapacity: 2 } })),
      'environments.dev.aurora.serverlessV2',
      /minCapacity 8 exceeds maxCapacity 2/,
    ],
    [
      'an account id that is not 12 digits',
      withDev((dev) => (dev.accountId = '12345')),
      'environments.dev.accountId',
      /exactly 12 digits/,
    ],
    [
      'a data filter without db.table',
      withDev((dev) => (dev.integration = { dataFilter: 'include: everything' })),
      'environments.dev.integration.dataFilter',
      /T3: data filter patterns must look like include: db\.table/,
    ],
    [
      'a log retention CloudWatch does not accept',
      withDev((dev) => (dev.ingest = { logRetentionDays: 10 })),
      'environments.dev.ingest.logRetentionDays',
      /only specific retention values/,
    ],
    [
      'no audit event',
      withDev((dev) => (dev.aurora = { auditEvents: [] })),
      'environments.dev.aurora.auditEvents',
      /at least one event type/,
    ],
    [
      'an Enhanced Monitoring interval RDS does not accept',
      withDev((dev) => (dev.aurora = { monitoringIntervalSeconds: 0 })),
      'environments.dev.aurora.monitoringIntervalSeconds',
      /use one of 1, 5, 10, 15, 30, 60/,
    ],
    [
      'a Performance Insights retention RDS does not accept',
      withDev((dev) => (dev.aurora = { performanceInsightsRetentionDays: 30 })),
      'environments.dev.aurora.performanceInsightsRetentionDays',
      /7 days, a multiple of 31 days/,
    ],
    [
      'a flow log retention CloudWatch does not accept',
      withDev((dev) => (dev.network = { ...dev.network, flowLogRetentionDays: 10 })),
      'environments.dev.network.flowLogRetentionDays',
      /only specific retention values/,
    ],
    [
      'the single apply environment of earlier releases (applyEnvironment)',
      withDev(
        () => undefined,
        (config) =>
          (config.bootstrap.github = { ...config.bootstrap.github, applyEnvironment: 'production' }),
      ),
      'bootstrap.github',
      /"applyEnvironment" was replaced by "applyEnvironments".*Fix: write applyEnvironments: \{ prod: "production" \}/,
    ],
    [
      'a protected environment that is not an environment (its role would trust the branch)',
      withDev(
        () => undefined,
        (config) =>
          (config.bootstrap.github = {
            ...config.bootstrap.github,
            applyEnvironments: { production: 'production' },
          }),
      ),
      'bootstrap.github.applyEnvironments.production',
      /"production" is not an environment \("dev", "prod"\).*Fix: map your protected environments/,
    ],
    [
      'a reserved stack name',
      withDev(
        () => undefined,
        (config) => (config.environments.bootstrap = config.environments.dev),
      ),
      'environments.bootstrap',
      /cannot be an environment name/,
    ],
    [
      'a Region AWS does not have',
      withDev((dev) => (dev.region = 'us-north-7')),
      'environments.dev.region',
      /"us-north-7" is not an AWS Region .*Fix: use a Region code such as us-east-1/,
    ],
    [
      'a missing account id, naming it as missing rather than a type mismatch',
      withDev((dev) => delete dev.accountId),
      'environments.dev.accountId',
      /^missing: it is required \(a string\)\. Fix: add accountId; docs\/infrastructure\.md#configuration-reference/,
    ],
    [
      'zone IDs of another Region, without inventing a zone for the fix',
      withDev((dev) => (dev.region = 'eu-west-1')),
      'environments.dev.availabilityZoneIds.0',
      /not in Region eu-west-1.*Fix: list the Region's zone IDs with `aws ec2 describe-availability-zones --region eu-west-1/,
    ],
    [
      'an environment whose roles would be named like the GitHub roles',
      withDev(
        () => undefined,
        (config) => (config.environments.github = config.environments.dev),
      ),
      'environments.github',
      /not "bootstrap" or "github"/,
    ],
  ];

  it.each(invalid)('rejects %s, naming the field, the rule and the fix', (_what, raw, field, rule) => {
    // Act
    const error = issuesOf(raw);

    // Assert
    const issue = error.issues.find((candidate) => candidate.field === field);
    expect(issue).toBeDefined();
    expect(issue!.fix.length).toBeGreaterThan(0);
    expect(`${issue!.rule}. Fix: ${issue!.fix}`).toMatch(rule);
    expect(error.message).toContain(`${field}: `);
  });

  it('reports every problem at once instead of stopping at the first', () => {
    // Arrange
    const raw = withDev((dev) => {
      dev.aurora = { engineVersion: '8.0.mysql_aurora.3.04.0' };
      dev.redshift = { baseCapacity: 4 };
      dev.ingest = { schedule: 'hourly' };
    });

    // Act
    const error = issuesOf(raw);

    // Assert
    expect(error.issues.map((issue) => issue.field).sort()).toEqual([
      'environments.dev.aurora.engineVersion',
      'environments.dev.ingest.schedule',
      'environments.dev.redshift.baseCapacity',
    ]);
  });
});

describe('backend selection', () => {
  const config = PROJECT_CONFIG satisfies ProjectConfigInput;

  it('defaults to the local backend', () => {
    expect(parseConfig(config, {}).backend).toEqual({ type: 'local' });
  });

  it('uses S3 from ZERO_ETL_BACKEND, defaulting to the bootstrap state bucket, Region and state key', () => {
    // Act
    const { backend } = parseConfig(config, { ZERO_ETL_BACKEND: 's3' });

    // Assert
    expect(backend).toEqual({
      type: 's3',
      bucket: config.bootstrap.stateBucket,
      region: config.bootstrap.region,
      keyPrefix: 'zero-etl',
      kmsKeyId: `arn:aws:kms:${config.bootstrap.region}:${config.bootstrap.accountId}:alias/zero-etl-tfstate`,
    });
  });

  it('takes the state key from backend.kmsKeyId when configured, and rejects a non-KMS ARN', () => {
    // Arrange
    const kmsKeyId = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const raw = { ...structuredClone(config), backend: { type: 's3', kmsKeyId } };

    // Act / Assert
    expect(parseConfig(raw, {}).backend).toMatchObject({ type: 's3', kmsKeyId });
    expect(() =>
      parseConfig({ ...structuredClone(config), backend: { type: 's3', kmsKeyId: 'alias/x' } }, {}),
    ).toThrow(/backend\.kmsKeyId: not a KMS key or alias ARN/);
  });

  it('lets ZERO_ETL_STATE_BUCKET and ZERO_ETL_STATE_REGION override the configured bucket', () => {
    // Act
    const { backend } = parseConfig(config, {
      ZERO_ETL_BACKEND: 's3',
      ZERO_ETL_STATE_BUCKET: 'other-state-bucket',
      ZERO_ETL_STATE_REGION: 'eu-west-1',
    });

    // Assert
    expect(backend).toMatchObject({ bucket: 'other-state-bucket', region: 'eu-west-1' });
  });

  it('selects HCP Terraform from configuration without any environment variable', () => {
    // Arrange
    const raw = { ...structuredClone(config), backend: { type: 'cloud', organization: 'acme' } };

    // Act / Assert
    expect(parseConfig(raw, {}).backend).toEqual({ type: 'cloud', organization: 'acme' });
  });

  it('rejects the cloud backend without an organization, naming the variable to set', () => {
    // Act
    const error = issuesOf(config, { ZERO_ETL_BACKEND: 'cloud' });

    // Assert
    expect(error.issues[0]).toMatchObject({ field: 'ZERO_ETL_TFC_ORGANIZATION' });
    expect(error.issues[0].fix).toMatch(/export ZERO_ETL_TFC_ORGANIZATION/);
  });

  it('rejects an unknown ZERO_ETL_BACKEND value', () => {
    // Act
    const error = issuesOf(config, { ZERO_ETL_BACKEND: 'consul' });

    // Assert
    expect(error.issues[0]).toMatchObject({ field: 'ZERO_ETL_BACKEND', rule: 'unknown backend "consul"' });
  });
});
