import { Construct } from 'constructs';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

const MYSQL_PORT = 3306;
export const REDSHIFT_PORT = 5439;

export interface NetworkProps {
  /** Prefix of every resource name, e.g. `zero-etl-dev`. */
  readonly namePrefix: string;
  readonly vpcCidr: string;
  /** Availability Zone IDs (`use1-az1`; the configuration requires 3 for the workgroup, R13); subnets are laid out in this order. */
  readonly availabilityZoneIds: readonly string[];
  /** One per zone: Aurora, Redshift and the Lambda live here. */
  readonly privateSubnetCidrs: readonly string[];
  /** One per zone: NAT gateways only. */
  readonly publicSubnetCidrs: readonly string[];
  /** `single` NAT gateway, or one `per-az` (survives a zone outage). */
  readonly natGateways: 'single' | 'per-az';
  /** Networks allowed to reach Redshift on 5439 (the Data API needs no network path). */
  readonly redshiftIngressCidrs: readonly string[];
}

/**
 * VPC with private subnets for the data plane, public subnets holding NAT gateways for the
 * Lambda's egress, and the three security groups: Aurora accepts 3306 only from the Lambda's group,
 * Redshift 5439 only from configured networks; nothing accepts traffic from 0.0.0.0/0.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  readonly publicSubnets: Subnet[];
  readonly natGateways: NatGateway[];
  /** Private routes to the NAT gateways: the Lambda's internet egress exists once these do. */
  readonly egressRoutes: Route[];
  readonly lambdaSecurityGroup: SecurityGroup;
  readonly auroraSecurityGroup: SecurityGroup;
  readonly redshiftSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { namePrefix, availabilityZoneIds } = props;
    const name = (suffix: string) => ({ Name: `${namePrefix}-${suffix}` });

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: name('vpc'),
    });
    // The default group allows all traffic between its members; strip its rules so nothing uses it.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: name('default-unused') });

    const internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: name('igw') });
    const publicRoutes = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: name('public') });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });

    this.publicSubnets = availabilityZoneIds.map((zone, index) => {
      const subnet = new Subnet(this, `public-${index}`, {
        vpcId: this.vpc.id,
        availabilityZoneId: zone,
        cidrBlock: props.publicSubnetCidrs[index],
        mapPublicIpOnLaunch: false,
        tags: name(`public-${zone}`),
      });
      new RouteTableAssociation(this, `public-${index}-rta`, {
        subnetId: subnet.id,
        routeTableId: publicRoutes.id,
      });
      return subnet;
    });

    const natCount = props.natGateways === 'per-az' ? availabilityZoneIds.length : 1;
    this.natGateways = this.publicSubnets.slice(0, natCount).map((subnet, index) => {
      const eip = new Eip(this, `nat-eip-${index}`, { domain: 'vpc', tags: name(`nat-${index}`) });
      return new NatGateway(this, `nat-${index}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: name(`nat-${index}`),
        dependsOn: [internetGateway],
      });
    });

    this.egressRoutes = [];
    this.privateSubnets = availabilityZoneIds.map((zone, index) => {
      const subnet = new Subnet(this, `private-${index}`, {
        vpcId: this.vpc.id,
        availabilityZoneId: zone,
        cidrBlock: props.privateSubnetCidrs[index],
        tags: name(`private-${zone}`),
      });
      const routes = new RouteTable(this, `private-${index}-rt`, {
        vpcId: this.vpc.id,
        tags: name(`private-${zone}`),
      });
      this.egressRoutes.push(
        new Route(this, `private-${index}-default-route`, {
          routeTableId: routes.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: this.natGateways[index % this.natGateways.length].id,
        }),
      );
      new RouteTableAssociation(this, `private-${index}-rta`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
      return subnet;
    });

    const group = (suffix: string, description: string) =>
      new SecurityGroup(this, `${suffix}-sg`, {
        name: `${namePrefix}-${suffix}`,
        description,
        vpcId: this.vpc.id,
        tags: name(suffix),
      });
    this.lambdaSecurityGroup = group(
      'ingest-lambda',
      'Ingestion Lambda: egress to the API (HTTPS) and Aurora only',
    );
    this.auroraSecurityGroup = group('aurora', 'Aurora MySQL: MySQL from the ingestion Lambda only');
    this.redshiftSecurityGroup = group('redshift', 'Redshift Serverless: 5439 from configured networks only');

    new VpcSecurityGroupEgressRule(this, 'lambda-https-egress', {
      securityGroupId: this.lambdaSecurityGroup.id,
      description: 'HTTPS to the source API and AWS APIs (Secrets Manager) through NAT',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    new VpcSecurityGroupEgressRule(this, 'lambda-mysql-egress', {
      securityGroupId: this.lambdaSecurityGroup.id,
      description: 'MySQL to Aurora',
      ipProtocol: 'tcp',
      fromPort: MYSQL_PORT,
      toPort: MYSQL_PORT,
      referencedSecurityGroupId: this.auroraSecurityGroup.id,
    });
    new VpcSecurityGroupIngressRule(this, 'aurora-from-lambda', {
      securityGroupId: this.auroraSecurityGroup.id,
      description: 'MySQL from the ingestion Lambda',
      ipProtocol: 'tcp',
      fromPort: MYSQL_PORT,
      toPort: MYSQL_PORT,
      referencedSecurityGroupId: this.lambdaSecurityGroup.id,
    });
    props.redshiftIngressCidrs.forEach((cidr, index) => {
      new VpcSecurityGroupIngressRule(this, `redshift-ingress-${index}`, {
        securityGroupId: this.redshiftSecurityGroup.id,
        description: `Redshift from ${cidr}`,
        ipProtocol: 'tcp',
        fromPort: REDSHIFT_PORT,
        toPort: REDSHIFT_PORT,
        cidrIpv4: cidr,
      });
    });
  }
}
