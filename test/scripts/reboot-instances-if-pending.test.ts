/**
 * scripts/reboot-instances-if-pending (A7) against the scripted aws CLI: RDS reports a parameter change
 * asynchronously, so the step waits a bounded time for pending-reboot before deciding, then reboots
 * every pending instance, readers first and the writer last.
 */
import { createScriptedAws, type ScriptedAws } from '../harness/scripted-aws';
import { cluster, FAST, IMPATIENT, instance, script } from '../harness/scripted-aws-answers';

const REBOOT = script('reboot-instances-if-pending');
const SETTINGS = { ...FAST, CLUSTER_ID: 'zero-etl-dev', PENDING_REBOOT_WAIT_SECONDS: '30' };
const rebooted = (aws: ScriptedAws) =>
  aws.callsTo('rds reboot-db-instance').map((call) => call.options['db-instance-identifier']);

describe('scripts/reboot-instances-if-pending', () => {
  let aws: ScriptedAws;
  afterEach(() => aws.cleanup());

  it('waits for a change RDS has not reported yet: in-sync right after the change, pending-reboot later', async () => {
    aws = createScriptedAws({
      'rds describe-db-clusters': [
        cluster(['writer-1', 'writer', 'in-sync']),
        cluster(['writer-1', 'writer', 'in-sync']),
        cluster(['writer-1', 'writer', 'in-sync']),
        cluster(['writer-1', 'writer', 'pending-reboot']),
        cluster(['writer-1', 'writer', 'pending-reboot']),
        cluster(['writer-1', 'writer', 'in-sync']),
      ],
      'rds describe-db-instances': [instance('available'), instance('rebooting'), instance('available')],
      'rds reboot-db-instance': [{ stdout: { DBInstance: { DBInstanceStatus: 'rebooting' } } }],
    });

    const result = await aws.run(REBOOT, { ...SETTINGS, AWS_REGION: 'eu-west-1' });

    expect(result.code).toBe(0);
    expect(rebooted(aws)).toEqual(['writer-1']);
    expect(aws.calls().every((call) => call.options.region === 'eu-west-1')).toBe(true);
    expect(result.stderr).toContain('waiting up to 30s');
    expect(result.stderr).toContain('writer writer-1 rebooted and in-sync');
  });

  it('reboots pending readers before the writer, each until it is available and in-sync', async () => {
    const pending = cluster(
      ['writer-1', 'writer', 'pending-reboot'],
      ['reader-2', 'reader', 'pending-reboot'],
    );
    aws = createScriptedAws({
      'rds describe-db-clusters': [
        pending,
        pending,
        cluster(['writer-1', 'writer', 'pending-reboot'], ['reader-2', 'reader', 'in-sync']),
        cluster(['writer-1', 'writer', 'in-sync'], ['reader-2', 'reader', 'in-sync']),
      ],
      'rds describe-db-instances': [instance('available')],
      'rds reboot-db-instance': [{ stdout: {} }],
    });

    const result = await aws.run(REBOOT, SETTINGS);

    expect(result.code).toBe(0);
    expect(rebooted(aws)).toEqual(['reader-2', 'writer-1']);
    expect(result.stderr).toContain(
      'rebooting writer writer-1 so the pending parameter changes take effect (brief write outage)',
    );
  });

  const writerPending = cluster(['writer-1', 'writer', 'pending-reboot'], ['reader-2', 'reader', 'in-sync']);
  const readerPending = cluster(['writer-1', 'writer', 'in-sync'], ['reader-2', 'reader', 'pending-reboot']);

  it('goes round again for a member RDS flags pending-reboot only after the others were rebooted', async () => {
    aws = createScriptedAws({
      // The writer's in-sync check after its reboot is the first to see the reader's late change.
      'rds describe-db-clusters': [
        writerPending,
        writerPending,
        readerPending,
        cluster(['writer-1', 'writer', 'in-sync'], ['reader-2', 'reader', 'in-sync']),
      ],
      'rds describe-db-instances': [instance('available')],
      'rds reboot-db-instance': [{ stdout: {} }],
    });

    const result = await aws.run(REBOOT, SETTINGS);

    expect(result.code).toBe(0);
    expect(rebooted(aws)).toEqual(['writer-1', 'reader-2']);
    expect(result.stderr).toContain('more instances report pending-reboot after round 1');
  });

  it('gives up, naming the cluster, when members keep turning pending-reboot however often they are rebooted', async () => {
    aws = createScriptedAws({
      'rds describe-db-clusters': [writerPending, writerPending, readerPending, writerPending, readerPending],
      'rds describe-db-instances': [instance('available')],
      'rds reboot-db-instance': [{ stdout: {} }],
    });

    const result = await aws.run(REBOOT, SETTINGS);

    expect(result.code).not.toBe(0);
    expect(rebooted(aws)).toEqual(['writer-1', 'reader-2', 'writer-1']);
    expect(result.stderr).toContain('zero-etl-dev still has instances in pending-reboot after 3 rounds');
  });

  it('ends without a reboot when every instance stays in-sync for the whole wait', async () => {
    aws = createScriptedAws({ 'rds describe-db-clusters': [cluster(['writer-1', 'writer', 'in-sync'])] });

    const result = await aws.run(REBOOT, {
      ...SETTINGS,
      POLL_SECONDS: '0.2',
      PENDING_REBOOT_WAIT_SECONDS: '1',
    });

    expect(result.code).toBe(0);
    expect(rebooted(aws)).toEqual([]);
    expect(aws.callsTo('rds describe-db-clusters').length).toBeGreaterThan(2);
    expect(result.stderr).toContain('every instance stayed in-sync for 1s: no reboot needed');
  });

  it('waits for an applying parameter group to settle before deciding', async () => {
    aws = createScriptedAws({
      'rds describe-db-clusters': [
        cluster(['writer-1', 'writer', 'applying']),
        cluster(['writer-1', 'writer', 'applying']),
        cluster(['writer-1', 'writer', 'pending-reboot']),
        cluster(['writer-1', 'writer', 'pending-reboot']),
        cluster(['writer-1', 'writer', 'in-sync']),
      ],
      'rds describe-db-instances': [instance('available')],
      'rds reboot-db-instance': [{ stdout: {} }],
    });

    const result = await aws.run(REBOOT, SETTINGS);

    expect(result.code).toBe(0);
    expect(rebooted(aws)).toEqual(['writer-1']);
  });

  it('fails clearly when an instance never comes back within TIMEOUT_SECONDS', async () => {
    aws = createScriptedAws({
      'rds describe-db-clusters': [cluster(['writer-1', 'writer', 'pending-reboot'])],
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
    aws = createScriptedAws({
      'rds describe-db-clusters': [{ stdout: { DBClusters: [{ DBClusterMembers: [] }] } }],
    });

    const result = await aws.run(REBOOT, SETTINGS);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has no writer instance.*A10/);
  });
});
