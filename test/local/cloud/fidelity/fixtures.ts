/**
 * What the fidelity cases need but do not test, made through the AWS SDK in the local cloud: a VPC
 * with subnets in three zones and a security group, a KMS key, and two Aurora clusters (with a
 * writer) whose parameter group holds the zero-ETL values (rules/), so integrations can reach `active`.
 */
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  ModifyDBClusterParameterGroupCommand,
} from '@aws-sdk/client-rds';
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../../../rules';
import { type AwsCredentials } from '../../../../local/cloud/terraform/override';
import { localCloudClients, vpcWithThreeZones } from '../../../harness/local-cloud-clients';

export interface Fixtures {
  readonly account: string;
  readonly region: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
  readonly clusterArn: string;
  readonly otherClusterArn: string;
}

export async function makeFixtures(
  url: string,
  credentials: AwsCredentials,
  account: string,
  region: string,
): Promise<Fixtures> {
  const aws = localCloudClients(url, credentials, region);
  const { vpcId, subnetIds } = await vpcWithThreeZones(aws.ec2, 66, region);
  const group = await aws.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'fidelity-redshift', Description: 'fidelity', VpcId: vpcId }),
  );
  const key = await aws.kms.send(new CreateKeyCommand({ Description: 'fidelity' }));
  await aws.rds.send(
    new CreateDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: 'fidelity-zero-etl',
      DBParameterGroupFamily: 'aurora-mysql8.0',
      Description: 'the zero-ETL parameters (rules/)',
    }),
  );
  await aws.rds.send(
    new ModifyDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: 'fidelity-zero-etl',
      Parameters: ZERO_ETL_CLUSTER_PARAMETERS.filter((p) => p.rule !== 'P1').map((p) => ({
        ParameterName: p.name,
        ParameterValue: p.value,
        ApplyMethod: p.applyMethod,
      })),
    }),
  );
  const cluster = async (id: string) => {
    const { DBCluster } = await aws.rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: id,
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        MasterUsername: 'admin',
        MasterUserPassword: 'avoid-plaintext-passwords',
        DBClusterParameterGroupName: 'fidelity-zero-etl',
      }),
    );
    await aws.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${id}-1`,
        DBClusterIdentifier: id,
        Engine: 'aurora-mysql',
        DBInstanceClass: 'db.r6g.large',
      }),
    );
    return DBCluster!.DBClusterArn!;
  };
  return {
    account,
    region,
    subnetIds,
    securityGroupId: group.GroupId!,
    kmsKeyArn: key.KeyMetadata!.Arn!,
    clusterArn: await cluster('fidelity-source'),
    otherClusterArn: await cluster('fidelity-other-source'),
  };
}
