import { createFakeAws, type FakeAws } from '../harness/fake-aws';
import { clusterWithWriter, FAST, IMPATIENT, instance, script } from './aws-answers';

const REBOOT = script('reboot-writer-if-pending');

describe('scripts/reboot-writer-if-pending', () => {
  let aws: FakeAws;
  afterEach(() => aws.cleanup());

  it('reboots the writer whose parameter group is pending-reboot and waits until it is available and in-sync', async () => {
    aws = createFakeAws({
      'rds describe-db-clusters': [clusterWithWriter('pending-reboot'), clusterWithWriter('in-sync')],
      'rds describe-db-instances': [instance('available'), instance('rebooting'), instance('available')],
      'rds reboot-db-instance': [{ stdout: { DBInstance: { DBInstanceStatus: 'rebooting' } } }],
    });

    const result = await aws.run(REBOOT, { ...FAST, CLUSTER_ID: 'zero-etl-dev', AWS_REGION: 'eu-west-1' });

    expect(result.code).toBe(0);
    expect(aws.callsTo('rds reboot-db-instance')).toEqual([
      expect.objectContaining({ options: expect.objectContaining({ 'db-instance-identifier': 'writer-1' }) }),
    ]);
    expect(aws.callsTo('rds describe-db-instances')).toHaveLength(3);
    expect(aws.calls().every((call) => call.options.region === 'eu-west-1')).toBe(true);
    expect(result.stderr).toContain('writer writer-1 rebooted and in-sync');
  });

  it('does not reboot a writer that is already in-sync', async () => {
    aws = createFakeAws({ 'rds describe-db-clusters': [clusterWithWriter('in-sync')] });

    const result = await aws.run(REBOOT, { ...FAST, CLUSTER_ID: 'zero-etl-dev' });

    expect(result.code).toBe(0);
    expect(aws.calls().map((call) => call.key)).toEqual(['rds describe-db-clusters']);
    expect(result.stderr).toContain('no reboot needed');
  });

  it('waits for an applying parameter group to settle before deciding', async () => {
    aws = createFakeAws({
      'rds describe-db-clusters': [
        clusterWithWriter('applying'),
        clusterWithWriter('applying'),
        clusterWithWriter('in-sync'),
      ],
    });

    const result = await aws.run(REBOOT, { ...FAST, CLUSTER_ID: 'zero-etl-dev' });

    expect(result.code).toBe(0);
    expect(aws.callsTo('rds describe-db-clusters')).toHaveLength(3);
    expect(aws.callsTo('rds reboot-db-instance')).toEqual([]);
  });

  it('fails clearly when the writer never comes back within TIMEOUT_SECONDS', async () => {
    aws = createFakeAws({
      'rds describe-db-clusters': [clusterWithWriter('pending-reboot')],
      'rds describe-db-instances': [instance('available'), instance('rebooting')],
      'rds reboot-db-instance': [{ stdout: {} }],
    });

    const result = await aws.run(REBOOT, { ...IMPATIENT, CLUSTER_ID: 'zero-etl-dev' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'ERROR: timed out after 1s waiting for writer writer-1 to be available and in-sync after the reboot',
    );
    expect(result.stderr).toContain('re-run this script');
  });

  it('fails when the cluster has no writer instance (A10)', async () => {
    aws = createFakeAws({
      'rds describe-db-clusters': [{ stdout: { DBClusters: [{ DBClusterMembers: [] }] } }],
    });

    const result = await aws.run(REBOOT, { ...FAST, CLUSTER_ID: 'zero-etl-dev' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has no writer instance.*A10/);
  });

  it('names the missing setting without calling AWS', async () => {
    aws = createFakeAws({});

    const result = await aws.run(REBOOT, { ...FAST });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing environment variable(s): CLUSTER_ID');
    expect(aws.calls()).toEqual([]);
  });

  it('passes on the AWS CLI error when the cluster cannot be described', async () => {
    aws = createFakeAws({
      'rds describe-db-clusters': [{ stderr: 'An error occurred (DBClusterNotFoundFault)', exitCode: 254 }],
    });

    const result = await aws.run(REBOOT, { ...FAST, CLUSTER_ID: 'nope' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DBClusterNotFoundFault');
    expect(result.stderr).toContain('cannot describe cluster nope');
  });
});
