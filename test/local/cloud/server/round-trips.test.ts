/**
 * local/cloud/server/local_cloud/round_trips.py through the AWS SDK for JavaScript v3: what the
 * stacks set is answered back as AWS answers it, so Terraform's second plan is clean without any
 * ignore_changes (the local-cloud tier proves that with the real provider). Each case runs against
 * plain moto 5.2.5 too, to show the gap the local cloud closes.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  UpdateFunctionConfigurationCommand,
  type LoggingConfig,
} from '@aws-sdk/client-lambda';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
} from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
} from '@aws-sdk/client-s3';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import { localCloudClients, type LocalCloudClients } from '../../../harness/local-cloud-clients';

const ACCOUNT = '111111111111';
// An empty zip archive (its end-of-central-directory record alone): the code is never run here.
const EMPTY_ZIP = Buffer.from(`504b0506${'00'.repeat(18)}`, 'hex');
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

const clouds: Record<'local cloud' | 'plain moto', { cloud?: LocalCloud; aws?: LocalCloudClients }> = {
  'local cloud': {},
  'plain moto': {},
};

beforeAll(async () => {
  const [patched, unpatched] = await Promise.all([
    startLocalCloud({ accountId: ACCOUNT }),
    startLocalCloud({ accountId: ACCOUNT, unpatched: true }),
  ]);
  clouds['local cloud'] = { cloud: patched, aws: localCloudClients(patched.url) };
  clouds['plain moto'] = { cloud: unpatched, aws: localCloudClients(unpatched.url) };
}, 60_000);
afterAll(() => Promise.all(Object.values(clouds).map(({ cloud }) => cloud?.stop())));

const aws = (name: keyof typeof clouds) => clouds[name].aws!;

/** A provisioned Aurora MySQL cluster and a writer with Performance Insights, as the stacks make them. */
async function clusterWithWriter(name: keyof typeof clouds) {
  const { rds } = aws(name);
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'aurora',
      Engine: 'aurora-mysql',
      MasterUsername: 'admin',
      MasterUserPassword: 'local-cloud-secret',
    }),
  );
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'aurora-1',
      DBClusterIdentifier: 'aurora',
      Engine: 'aurora-mysql',
      DBInstanceClass: 'db.r6g.large',
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: KEY,
    }),
  );
  const { DBClusters } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'aurora' }));
  const writer = async () =>
    (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'aurora-1' }))).DBInstances![0];
  return { cluster: DBClusters![0], writer };
}

const performanceInsights = (instance: object) =>
  Object.fromEntries(Object.entries(instance).filter(([key]) => key.startsWith('PerformanceInsights')));

describe('RDS clusters and instances', () => {
  it('answer ScalingConfigurationInfo for Aurora Serverless v1 clusters only, and the Performance Insights settings', async () => {
    const local = await clusterWithWriter('local cloud');
    expect(local.cluster.ScalingConfigurationInfo).toBeUndefined();
    expect(performanceInsights(await local.writer())).toEqual({
      PerformanceInsightsEnabled: true,
      PerformanceInsightsKMSKeyId: KEY,
      PerformanceInsightsRetentionPeriod: 7,
    });
    await aws('local cloud').rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'aurora-1',
        PerformanceInsightsRetentionPeriod: 31,
        ApplyImmediately: true,
      }),
    );
    expect(performanceInsights(await local.writer())).toMatchObject({
      PerformanceInsightsRetentionPeriod: 31,
    });
    await aws('local cloud').rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'aurora-1',
        EnablePerformanceInsights: false,
        ApplyImmediately: true,
      }),
    );
    expect(performanceInsights(await local.writer())).toEqual({ PerformanceInsightsEnabled: false });

    const plain = await clusterWithWriter('plain moto');
    expect(plain.cluster.ScalingConfigurationInfo).toEqual({});
    expect(performanceInsights(await plain.writer())).toEqual({});
  });
});

describe('Lambda functions', () => {
  async function loggingConfigs(name: keyof typeof clouds): Promise<Array<LoggingConfig | undefined>> {
    const { iam, lambda } = aws(name);
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'function',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
      }),
    );
    const code = { ZipFile: EMPTY_ZIP };
    const base = { Role: Role!.Arn!, Runtime: 'nodejs22.x' as const, Handler: 'index.handler', Code: code };
    await lambda.send(new CreateFunctionCommand({ ...base, FunctionName: 'plain' }));
    await lambda.send(
      new CreateFunctionCommand({
        ...base,
        FunctionName: 'json',
        LoggingConfig: { LogFormat: 'JSON', LogGroup: '/zero-etl/json' },
        Publish: true,
      }),
    );
    const read = async (FunctionName: string) =>
      (await lambda.send(new GetFunctionCommand({ FunctionName }))).Configuration!.LoggingConfig;
    const before = [await read('plain'), await read('json')];
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'json',
        LoggingConfig: { ApplicationLogLevel: 'WARN' },
      }),
    );
    return [...before, await read('json')];
  }

  it("answer LoggingConfig with AWS's defaults (Text; with JSON, INFO levels; /aws/lambda/<name>), updated by UpdateFunctionConfiguration", async () => {
    expect(await loggingConfigs('local cloud')).toEqual([
      { LogFormat: 'Text', LogGroup: '/aws/lambda/plain' },
      { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: '/zero-etl/json' },
      { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'INFO', LogGroup: '/zero-etl/json' },
    ]);
    expect(await loggingConfigs('plain moto')).toEqual([undefined, undefined, undefined]);
  });
});

describe('security group rules and S3 notifications', () => {
  async function answers(name: keyof typeof clouds) {
    const { ec2, s3 } = aws(name);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const group = async (GroupName: string) =>
      (
        await ec2.send(
          new CreateSecurityGroupCommand({ GroupName, Description: GroupName, VpcId: Vpc!.VpcId }),
        )
      ).GroupId!;
    const [database, clients] = [await group('database'), await group('clients')];
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: database,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 3306,
            ToPort: 3306,
            UserIdGroupPairs: [{ GroupId: clients, Description: 'MySQL from the clients' }],
          },
        ],
      }),
    );
    const { SecurityGroupRules } = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [database] }] }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'state' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'state',
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
    const { $metadata: _, ...notification } = await s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: 'state' }),
    );
    return {
      ruleDescriptions: SecurityGroupRules!.filter((rule) => !rule.IsEgress).map((rule) => rule.Description),
      notification,
    };
  }

  it("answer a rule's description when it references a security group, and EventBridge delivery once it is on", async () => {
    expect(await answers('local cloud')).toEqual({
      ruleDescriptions: ['MySQL from the clients'],
      notification: { EventBridgeConfiguration: {} },
    });
    expect(await answers('plain moto')).toEqual({ ruleDescriptions: [undefined], notification: {} });
  });
});
