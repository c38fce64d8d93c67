/**
 * Two zero-ETL integrations that must fail at apply, as on AWS: one whose source cluster's parameter
 * group lacks `binlog_format` (A3), one whose target namespace has no resource policy for it (R3).
 * Their sources and targets are made directly through the AWS SDK (no provider waiters: the point
 * is the integration), and a configuration with only the two `aws_rds_integration`s is applied.
 */
import {
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  ModifyDBClusterParameterGroupCommand,
} from '@aws-sdk/client-rds';
import { PutResourcePolicyCommand } from '@aws-sdk/client-redshift';
import { CreateNamespaceCommand, CreateWorkgroupCommand } from '@aws-sdk/client-redshift-serverless';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { INTEGRATION_AUTHORIZATION, ZERO_ETL_CLUSTER_PARAMETERS } from '../../../rules';
import { type AwsCredentials } from '../../../local/cloud/terraform/override';
import { localCloudClients, type LocalCloudClients } from '../../harness/local-cloud-clients';
import { type Json } from '../../harness/json';

export interface UnreadyArns {
  /** A cluster whose parameter group holds every zero-ETL value but binlog_format. */
  readonly sourceWithoutRowFormat: string;
  readonly readySource: string;
  /** A namespace whose policy authorises `sourceWithoutRowFormat` (and only it). */
  readonly authorizingTarget: string;
  /** A namespace without resource policy. */
  readonly targetWithoutPolicy: string;
}

async function source(aws: LocalCloudClients, id: string, without: readonly string[]): Promise<string> {
  await aws.rds.send(
    new CreateDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: `${id}-params`,
      DBParameterGroupFamily: 'aurora-mysql8.0',
      Description: `${id}: zero-ETL parameters without ${without.join(', ') || 'nothing'}`,
    }),
  );
  await aws.rds.send(
    new ModifyDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: `${id}-params`,
      Parameters: ZERO_ETL_CLUSTER_PARAMETERS.filter((p) => p.rule !== 'P1' && !without.includes(p.name)).map(
        (p) => ({ ParameterName: p.name, ParameterValue: p.value, ApplyMethod: p.applyMethod }),
      ),
    }),
  );
  const { DBCluster } = await aws.rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: id,
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.08.2',
      MasterUsername: 'admin',
      MasterUserPassword: 'local-cloud-secret',
      DBClusterParameterGroupName: `${id}-params`,
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
}

async function target(
  aws: LocalCloudClients,
  name: string,
  subnetIds: string[],
  authorized?: string,
): Promise<string> {
  const { namespace } = await aws.serverless.send(new CreateNamespaceCommand({ namespaceName: name }));
  await aws.serverless.send(
    new CreateWorkgroupCommand({
      workgroupName: name,
      namespaceName: name,
      subnetIds,
      configParameters: [{ parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'true' }],
    }),
  );
  const arn = namespace!.namespaceArn!;
  if (authorized) {
    const account = arn.split(':')[4];
    await aws.redshift.send(
      new PutResourcePolicyCommand({
        ResourceArn: arn,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: INTEGRATION_AUTHORIZATION.sourceServicePrincipal },
              Action: INTEGRATION_AUTHORIZATION.sourceAction,
              Resource: arn,
              Condition: { StringEquals: { [INTEGRATION_AUTHORIZATION.sourceArnConditionKey]: authorized } },
            },
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: INTEGRATION_AUTHORIZATION.creatorAction,
              Resource: arn,
            },
          ],
        }),
      }),
    );
  }
  return arn;
}

/** Makes the sources and targets as the local-cloud admin; returns their ARNs. */
export async function prepareUnreadyIntegrations(
  url: string,
  admin: AwsCredentials,
  region: string,
): Promise<UnreadyArns> {
  const aws = localCloudClients(url, admin, region);
  const vpc = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }));
  const subnetIds: string[] = [];
  for (const [index, zone] of ['a', 'b', 'c'].entries()) {
    const { Subnet } = await aws.ec2.send(
      new CreateSubnetCommand({
        VpcId: vpc.Vpc!.VpcId,
        CidrBlock: `10.77.${index * 16}.0/20`,
        AvailabilityZone: `${region}${zone}`,
      }),
    );
    subnetIds.push(Subnet!.SubnetId!);
  }
  const sourceWithoutRowFormat = await source(aws, 'zero-etl-unready-row-format', ['binlog_format']);
  const readySource = await source(aws, 'zero-etl-unready-ready', []);
  return {
    sourceWithoutRowFormat,
    readySource,
    authorizingTarget: await target(aws, 'zero-etl-unready-authorizing', subnetIds, sourceWithoutRowFormat),
    targetWithoutPolicy: await target(aws, 'zero-etl-unready-no-policy', subnetIds),
  };
}

/** The configuration: the two integrations, as the stacks declare theirs (lib/rds-integration). */
export function unreadyIntegrationsStack(region: string, account: string, arns: UnreadyArns): Json {
  return {
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    provider: { aws: [{ region, allowed_account_ids: [account] }] },
    resource: {
      aws_rds_integration: {
        source_without_row_format: {
          integration_name: 'zero-etl-unready-row-format',
          source_arn: arns.sourceWithoutRowFormat,
          target_arn: arns.authorizingTarget,
          lifecycle: { ignore_changes: ['kms_key_id'] },
        },
        target_without_policy: {
          integration_name: 'zero-etl-unready-no-policy',
          source_arn: arns.readySource,
          target_arn: arns.targetWithoutPolicy,
          lifecycle: { ignore_changes: ['kms_key_id'] },
        },
      },
    },
  };
}
