/** R13: the subnets and zones a Redshift Serverless workgroup needs, as AWS documents them. */
import { workgroupMinZones, workgroupSubnetProblem } from '../../rules';

describe('R13: the workgroup subnet rule', () => {
  it('accepts three subnets in three zones, whatever enhanced VPC routing says', () => {
    expect(workgroupSubnetProblem('us-east-1', ['use1-az2', 'use1-az4', 'use1-az6'])).toBeUndefined();
    expect(
      workgroupSubnetProblem('eu-west-1', ['euw1-az1', 'euw1-az2', 'euw1-az3', 'euw1-az1']),
    ).toBeUndefined();
  });

  it('refuses two zones outside us-west-1, even with three subnets', () => {
    expect(workgroupSubnetProblem('us-east-1', ['use1-az2', 'use1-az4'])).toBe(
      'R13: a Redshift Serverless workgroup needs at least 3 subnets in 3 distinct Availability Zones, got 2 subnets in 2 zones',
    );
    expect(workgroupSubnetProblem('us-east-1', ['use1-az2', 'use1-az4', 'use1-az4'])).toMatch(
      /got 3 subnets in 2 zones$/,
    );
  });

  it('takes the documented us-west-1 exception: three subnets in two zones, never fewer subnets', () => {
    expect(workgroupMinZones('us-west-1')).toBe(2);
    expect(workgroupSubnetProblem('us-west-1', ['usw1-az1', 'usw1-az3', 'usw1-az3'])).toBeUndefined();
    expect(workgroupSubnetProblem('us-west-1', ['usw1-az1', 'usw1-az3'])).toBe(
      'R13: a Redshift Serverless workgroup needs at least 3 subnets in 2 distinct Availability Zones in us-west-1 (the documented exception: one zone holds two of them), got 2 subnets in 2 zones',
    );
    expect(workgroupSubnetProblem('us-west-1', ['usw1-az1', 'usw1-az1', 'usw1-az1'])).toMatch(
      /got 3 subnets in 1 zone$/,
    );
  });

  it('needs three zones in every other Region', () => {
    expect(['us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'].map(workgroupMinZones)).toEqual([
      3, 3, 3, 3,
    ]);
  });
});
