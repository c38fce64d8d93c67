/**
 * Per-environment configuration. Foundation version: the infrastructure issue replaces this
 * with the full, validated schema.
 */
export interface EnvironmentConfig {
  /** Stack name and resource name prefix, e.g. `dev`. */
  readonly name: string;
  readonly region: string;
  /** 12-digit AWS account id (taken from configuration so plans need no AWS call). */
  readonly accountId: string;
  /** At least two availability zones in `region`. */
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
}

export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  {
    name: 'dev',
    region: 'us-east-1',
    accountId: '111111111111',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    vpcCidr: '10.20.0.0/16',
  },
  {
    name: 'prod',
    region: 'us-east-1',
    accountId: '222222222222',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    vpcCidr: '10.30.0.0/16',
  },
];
