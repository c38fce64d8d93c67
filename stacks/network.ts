import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';

export interface NetworkProps {
  readonly namePrefix: string;
  readonly cidr: string;
  /** @default - one private subnet per zone */
  readonly availabilityZones: readonly string[];
}

/** VPC with one private subnet per availability zone. */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${props.namePrefix}-vpc` },
    });
    this.privateSubnets = props.availabilityZones.map(
      (zone, index) =>
        new Subnet(this, `private-${index}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: `\${cidrsubnet(${this.vpc.cidrBlock}, 8, ${index})}`,
          tags: { Name: `${props.namePrefix}-private-${zone}` },
        }),
    );
  }
}
