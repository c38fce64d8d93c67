import { Testing } from 'cdktf';
import { ENVIRONMENTS } from '../../stacks/config';
import { ZeroEtlStack } from '../../stacks/zero-etl-stack';
import { planOffline, plannedOfType, synthStackDir } from '../harness/terraform';

describe('dev stack, planned offline with real terraform', () => {
  const dev = ENVIRONMENTS.find((environment) => environment.name === 'dev')!;

  it('validates and plans a VPC with a private subnet per availability zone', async () => {
    // Arrange
    const stack = new ZeroEtlStack(Testing.app(), 'dev', dev);

    // Act
    const result = await planOffline(synthStackDir(stack));

    // Assert
    expect(result.validation.valid).toBe(true);
    const [vpc] = plannedOfType(result, 'aws_vpc');
    expect(vpc.values.cidr_block).toBe(dev.vpcCidr);
    const zones = plannedOfType(result, 'aws_subnet').map((subnet) => subnet.values.availability_zone);
    expect(zones.sort()).toEqual([...dev.availabilityZones].sort());
    expect(result.plan.resource_changes?.every((change) => change.change.actions.join() === 'create')).toBe(
      true,
    );
  });
});
