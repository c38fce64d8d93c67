/**
 * An update of the applied dev stack: one more audit event (applied immediately) and one more
 * parameter applied at the next reboot in the zero-ETL parameter group, a slower schedule, and a data
 * filter that leaves a table out. The local cloud reports the writer pending-reboot, as RDS does, and
 * the re-run reboot step reboots it with the real AWS CLI; the filter replaces the integration
 * (provider 5.x has no update for it), and with it the target-database step, the alarms and the
 * dashboard that name the integration; afterwards the plan is clean. What the data does is in
 * data-flow.ts.
 */
import { type DescribeDBClustersCommandOutput } from '@aws-sdk/client-rds';
import { type PlannedChange } from '../../../local/cloud/terraform/plan-changes';
import { type TerraformRun } from '../../../local/cloud/terraform/stack-copy';
import { changeLines } from './round-trips';
import { DEV_WRITER, MINUTES, type Tier } from './tier';

export function specifyDevUpdate(tier: Tier): void {
  const { milestones } = tier;

  describe('an update of dev in the local cloud: an audit event and a reboot-applied parameter more in the zero-ETL parameter group, a slower schedule, a data filter that leaves a table out', () => {
    it(
      'changes the parameter group and the schedule in place, re-runs the reboot step, replaces the integration and its target-database step, and points the alarms and the dashboard at the new one; nothing else',
      async () => {
        const { changes } = await milestones.wait<{ changes: PlannedChange[] }>('dev.updatePlan');

        expect(changeLines(changes)).toEqual([
          'aws_cloudwatch_dashboard.monitoring_dashboard_4CE328EF: update (dashboard_body)',
          'aws_cloudwatch_event_rule.ingest_schedule_D5BC61B9: update (schedule_expression)',
          'aws_cloudwatch_metric_alarm.monitoring_integration-failed-tables_C39E4122: update (dimensions)',
          'aws_cloudwatch_metric_alarm.monitoring_integration-lag_F77A3070: update (dimensions)',
          'aws_rds_cluster_parameter_group.aurora_parameters_3B993369: update (parameter)',
          'aws_rds_integration.integration_D48D335D: delete/create (arn, data_filter, id)',
          'terraform_data.create-integration-database_C6F7C255: delete/create (id, triggers_replace)',
          'terraform_data.reboot-instances_reboot-instances-if-pending_9486BD2D: delete/create (id, triggers_replace)',
        ]);
      },
      10 * MINUTES,
    );

    it(
      'reboots the writer, which the local cloud reports pending-reboot after the change, until it is in-sync again',
      async () => {
        const { run, members } = await milestones.wait<{
          run: TerraformRun;
          members: DescribeDBClustersCommandOutput;
        }>('dev.updateApplied');
        const [cluster] = members.DBClusters ?? [];

        expect(run.output).toContain('Apply complete! Resources: 3 added, 5 changed, 3 destroyed.');
        expect(run.output).toContain(
          `[reboot-instances-if-pending] rebooting writer ${DEV_WRITER} so the pending parameter changes take effect (brief write outage)`,
        );
        expect(run.output).toContain(
          `[reboot-instances-if-pending] writer ${DEV_WRITER} rebooted and in-sync`,
        );
        expect(cluster.DBClusterMembers).toEqual([
          expect.objectContaining({
            DBInstanceIdentifier: DEV_WRITER,
            DBClusterParameterGroupStatus: 'in-sync',
          }),
        ]);
      },
      10 * MINUTES,
    );

    it(
      'plans no changes after the update',
      async () => {
        const { code, changes } = await milestones.wait<{ code: number; changes: PlannedChange[] }>(
          'dev.afterUpdatePlan',
        );

        expect(changeLines(changes)).toEqual([]);
        expect(code).toBe(0);
      },
      10 * MINUTES,
    );
  });
}
