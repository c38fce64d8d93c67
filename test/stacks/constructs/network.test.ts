import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Network, type NetworkProps } from '../../../stacks/constructs/network';
import { type Json } from '../../harness/json';

Testing.setupJest();

const props: NetworkProps = {
  namePrefix: 'zero-etl-test',
  vpcCidr: '10.9.0.0/16',
  availabilityZoneIds: ['euw1-az1', 'euw1-az2'],
  privateSubnetCidrs: ['10.9.0.0/20', '10.9.16.0/20'],
  publicSubnetCidrs: ['10.9.128.0/24', '10.9.129.0/24'],
  natGateways: 'single',
  redshiftIngressCidrs: [],
};

const synth = (overrides: Partial<NetworkProps> = {}) =>
  Testing.synthScope((scope) => new Network(scope, 'network', { ...props, ...overrides }));
const resources = (json: string, type: string): Json[] =>
  Object.values(JSON.parse(json).resource[type] ?? {});

describe('Network', () => {
  it('puts a private and a public subnet in every zone, by zone ID, none assigning public IPs', () => {
    const json = synth();
    expect(json).toHaveResourceWithProperties(Subnet, {
      availability_zone_id: 'euw1-az2',
      cidr_block: '10.9.16.0/20',
    });
    // Zone names map to different zones per account: subnets never use them (R13).
    expect(resources(json, 'aws_subnet').every((subnet) => subnet.availability_zone === undefined)).toBe(
      true,
    );
    expect(resources(json, 'aws_subnet')).toHaveLength(4);
    expect(json).toHaveResourceWithProperties(Subnet, {
      cidr_block: '10.9.129.0/24',
      map_public_ip_on_launch: false,
    });
  });

  it('creates one NAT gateway by default and one per zone when asked', () => {
    expect(resources(synth(), 'aws_nat_gateway')).toHaveLength(1);
    const perZone = synth({ natGateways: 'per-az' });
    expect(resources(perZone, 'aws_nat_gateway')).toHaveLength(2);
    expect(perZone).toHaveResource(NatGateway);
  });

  it('admits MySQL to Aurora only from the Lambda security group', () => {
    const mysql = resources(synth(), 'aws_vpc_security_group_ingress_rule').filter(
      (rule) => rule.from_port === 3306,
    );
    expect(mysql).toHaveLength(1);
    expect(mysql[0].cidr_ipv4).toBeUndefined();
    expect(mysql[0].referenced_security_group_id).toMatch(/aws_security_group\.network_ingest-lambda-sg/);
  });

  it('admits Redshift traffic only from the configured networks', () => {
    expect(
      resources(synth(), 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 5439),
    ).toEqual([]);
    const json = synth({ redshiftIngressCidrs: ['10.9.0.0/16'] });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      from_port: 5439,
      cidr_ipv4: '10.9.0.0/16',
    });
  });

  it('never opens any ingress to 0.0.0.0/0 and empties the default security group', () => {
    const json = synth({ redshiftIngressCidrs: ['10.9.0.0/16'] });
    expect(resources(json, 'aws_vpc_security_group_ingress_rule').map((r) => r.cidr_ipv4)).not.toContain(
      '0.0.0.0/0',
    );
    const [defaultGroup] = resources(json, 'aws_default_security_group');
    expect(defaultGroup.ingress).toBeUndefined();
    expect(defaultGroup.egress).toBeUndefined();
  });
});
