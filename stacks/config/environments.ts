/**
 * The project's configuration: the bootstrap account and one entry per environment. Edit this
 * file to deploy into your accounts (docs/infrastructure.md lists every field and default).
 * Account ids and zone IDs are written here so that plans never need to ask AWS. Zones are given by
 * ID (`use1-az1`), the same physical zone in every account; check that Redshift Serverless supports
 * them in your Region before the first apply (docs/infrastructure.md, "Availability Zones").
 */
import { type ProjectConfigInput } from './validate';

export const PROJECT_CONFIG = {
  project: 'zero-etl',
  backend: { type: 'local' },
  bootstrap: {
    region: 'us-east-1',
    accountId: '111111111111',
    stateBucket: 'zero-etl-tfstate-111111111111',
    github: { owner: 'example-org', repository: 'aurora-redshift-zero-etl' },
  },
  environments: {
    dev: {
      region: 'us-east-1',
      accountId: '111111111111',
      availabilityZoneIds: ['use1-az2', 'use1-az4', 'use1-az6'],
      network: {
        vpcCidr: '10.20.0.0/16',
        privateSubnetCidrs: ['10.20.0.0/20', '10.20.16.0/20', '10.20.32.0/20'],
        publicSubnetCidrs: ['10.20.128.0/24', '10.20.129.0/24', '10.20.130.0/24'],
        natGateways: 'single',
      },
      aurora: { serverlessV2: { minCapacity: 0.5, maxCapacity: 4 }, deletionProtection: false },
      redshift: { baseCapacity: 8, maxCapacity: 64, allowedIngressCidrs: ['10.20.0.0/16'] },
      ingest: { logLevel: 'debug' },
    },
    prod: {
      region: 'us-east-1',
      accountId: '111111111111',
      availabilityZoneIds: ['use1-az2', 'use1-az4', 'use1-az6'],
      network: {
        vpcCidr: '10.30.0.0/16',
        privateSubnetCidrs: ['10.30.0.0/20', '10.30.16.0/20', '10.30.32.0/20'],
        publicSubnetCidrs: ['10.30.128.0/24', '10.30.129.0/24', '10.30.130.0/24'],
        natGateways: 'per-az',
      },
      aurora: {
        serverlessV2: { minCapacity: 1, maxCapacity: 16 },
        readerCount: 1,
        backupRetentionDays: 14,
        deletionProtection: true,
      },
      redshift: { baseCapacity: 32, maxCapacity: 256, allowedIngressCidrs: ['10.30.0.0/16'] },
      monitoring: { alarmEmail: 'data-platform@example.com', integrationLagThresholdSeconds: 600 },
    },
  },
} as const satisfies ProjectConfigInput;
