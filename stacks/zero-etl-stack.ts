import { type Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type EnvironmentConfig } from './config';
import { Network } from './network';

/** One environment of the zero-ETL pipeline. */
export class ZeroEtlStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id);
    new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      defaultTags: [{ tags: { Project: 'zero-etl', Environment: config.name, ManagedBy: 'cdktf' } }],
    });
    const network = new Network(this, 'network', {
      namePrefix: `zero-etl-${config.name}`,
      cidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
    });
    new TerraformOutput(this, 'vpc_id', { value: network.vpc.id });
  }
}
