/**
 * local/cloud/server/local_cloud/rds_parameter_status.py through the AWS SDK for JavaScript v3: a
 * cluster member goes pending-reboot (asynchronously) after a pending-reboot parameter change, a
 * reboot shows `rebooting` and brings it back in-sync, a static parameter cannot be applied
 * immediately (A5). Plain moto 5.2.5 does none of it, which is why the local cloud overrides it.
 */
import {
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterParameterGroupCommand,
  RebootDBInstanceCommand,
  type Parameter,
} from '@aws-sdk/client-rds';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import {
  localCloudClients,
  outcome,
  waitFor,
  type LocalCloudClients,
} from '../../../harness/local-cloud-clients';

const ACCOUNT = '111111111111';
const DEADLOCKS: Parameter = {
  ParameterName: 'innodb_print_all_deadlocks',
  ParameterValue: '1',
  ApplyMethod: 'pending-reboot',
};

/** A cluster with a writer, created with its own (empty) parameter group. */
async function cluster(aws: LocalCloudClients, id: string): Promise<void> {
  await aws.rds.send(
    new CreateDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: `${id}-params`,
      DBParameterGroupFamily: 'aurora-mysql8.0',
      Description: id,
    }),
  );
  await aws.rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: id,
      Engine: 'aurora-mysql',
      MasterUsername: 'admin',
      MasterUserPassword: 'local-cloud-secret',
      DBClusterParameterGroupName: `${id}-params`,
    }),
  );
  await aws.rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: `${id}-writer`,
      DBClusterIdentifier: id,
      Engine: 'aurora-mysql',
      DBInstanceClass: 'db.r6g.large',
    }),
  );
}

const memberStatus = (aws: LocalCloudClients, id: string) =>
  aws.rds
    .send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))
    .then((r) => r.DBClusters![0].DBClusterMembers![0].DBClusterParameterGroupStatus);
const instanceStatus = (aws: LocalCloudClients, id: string) =>
  aws.rds
    .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))
    .then((r) => r.DBInstances![0].DBInstanceStatus);
const modify = (aws: LocalCloudClients, id: string, parameters: Parameter[]) =>
  aws.rds.send(
    new ModifyDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: `${id}-params`,
      Parameters: parameters,
    }),
  );

describe('cluster parameter-group status in the local cloud', () => {
  let cloud: LocalCloud;
  let aws: LocalCloudClients;
  beforeAll(async () => {
    cloud = await startLocalCloud({ accountId: ACCOUNT, transitionSeconds: 1 });
    aws = localCloudClients(cloud.url);
    await cluster(aws, 'source');
  }, 120_000);
  afterAll(() => cloud?.stop());

  it('refuses to apply a static zero-ETL parameter immediately (A5)', async () => {
    const immediate = {
      ParameterName: 'binlog_format',
      ParameterValue: 'ROW',
      ApplyMethod: 'immediate',
    } as const;

    expect(await outcome(modify(aws, 'source', [immediate]))).toBe('InvalidParameterCombination');
  });

  it('keeps members in-sync after an immediate change, and shows pending-reboot only after a pending-reboot change has settled', async () => {
    await modify(aws, 'source', [
      { ParameterName: 'binlog_row_image', ParameterValue: 'full', ApplyMethod: 'immediate' },
    ]);
    const afterImmediate = await memberStatus(aws, 'source');

    await modify(aws, 'source', [DEADLOCKS]);
    const rightAway = await memberStatus(aws, 'source');
    const later = await waitFor(
      () => memberStatus(aws, 'source'),
      (status) => status === 'pending-reboot',
    );

    expect(afterImmediate).toBe('in-sync');
    expect(rightAway).toBe('in-sync');
    expect(later).toBe('pending-reboot');
  });

  it('reboots: the instance is rebooting, a second reboot is refused, then it is available and in-sync', async () => {
    const rebooting = await aws.rds.send(
      new RebootDBInstanceCommand({ DBInstanceIdentifier: 'source-writer' }),
    );
    const again = await outcome(
      aws.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'source-writer' })),
    );
    const available = await waitFor(
      () => instanceStatus(aws, 'source-writer'),
      (status) => status === 'available',
    );

    expect(rebooting.DBInstance!.DBInstanceStatus).toBe('rebooting');
    // The SDK names the error after its shape, InvalidDBInstanceStateFault (code InvalidDBInstanceState).
    expect(again).toBe('InvalidDBInstanceStateFault');
    expect(available).toBe('available');
    expect(await memberStatus(aws, 'source')).toBe('in-sync');
  });

  it('does not go pending-reboot again for a change to a value the group already holds', async () => {
    await modify(aws, 'source', [DEADLOCKS]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(await memberStatus(aws, 'source')).toBe('in-sync');
  });
});

describe('plain moto 5.2.5 (the local cloud unpatched)', () => {
  it('reports in-sync whatever changes, and a reboot that leaves the instance available: what the override replaces', async () => {
    const cloud = await startLocalCloud({ accountId: ACCOUNT, unpatched: true });
    try {
      const aws = localCloudClients(cloud.url);
      await cluster(aws, 'plain');
      await modify(aws, 'plain', [DEADLOCKS]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      const rebooting = await aws.rds.send(
        new RebootDBInstanceCommand({ DBInstanceIdentifier: 'plain-writer' }),
      );

      expect(await memberStatus(aws, 'plain')).toBe('in-sync');
      expect(rebooting.DBInstance!.DBInstanceStatus).toBe('available');
    } finally {
      await cloud.stop();
    }
  }, 120_000);
});
