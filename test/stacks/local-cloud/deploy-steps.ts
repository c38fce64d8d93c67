/**
 * The deploy steps with the real AWS CLI (v1, through local/cloud/bin/aws) on the applied dev stack:
 * inside `terraform apply`, and run again directly where their outcome differs (nothing pending, an
 * unknown cluster, a migrate the database refuses, a workgroup parameter changed outside Terraform).
 */
import {
  type RoundTrip,
  type StepRun,
  type Tier,
  DEV_WORKGROUP,
  MINUTES,
  config,
  deployStepScripts,
} from './tier';

interface DeploySteps {
  readonly rebootNothingPending: StepRun;
  readonly rebootUnknownCluster: StepRun;
  readonly applySchemaFails: StepRun;
  readonly syncCheckDrift: StepRun;
  readonly syncRepairs: StepRun;
  readonly syncNothingToDo: StepRun;
  readonly liveParameters: Record<string, string>;
  readonly desired: Record<string, string>;
}

export function specifyDeploySteps(tier: Tier): void {
  const { milestones } = tier;

  describe('the deploy steps with the real AWS CLI (v1, through local/cloud/bin/aws) on the applied dev stack', () => {
    it('runs every step, create-integration-database included (the data plane runs its SQL)', () => {
      expect(deployStepScripts(tier.stacks.dev.configuration).sort()).toEqual([
        'apply-schema',
        'create-integration-database',
        'reboot-instances-if-pending',
        'sync-workgroup-parameters',
      ]);
    });

    it(
      'ran reboot-instances-if-pending, sync-workgroup-parameters and apply-schema during the apply',
      async () => {
        const { run } = await milestones.wait<RoundTrip['applied']>('dev.applied');

        expect(run.output).toContain(
          '[reboot-instances-if-pending] every instance stayed in-sync for 3s: no reboot needed',
        );
        expect(run.output).toContain(
          `[sync-workgroup-parameters] workgroup ${DEV_WORKGROUP} holds every configured parameter (auto_mv, datestyle, enable_case_sensitive_identifier, enable_user_activity_logging, max_query_execution_time, query_group, require_ssl, search_path, use_fips_ssl)`,
        );
        expect(run.output).toContain(
          `[apply-schema] applying the schema through ${config.project}-dev-migrate (action migrate)`,
        );
        expect(run.output).toContain('[apply-schema] schema applied (statusCode 200)');
      },
      10 * MINUTES,
    );

    it(
      'reboot-instances-if-pending reads the real cluster, and names the fix for an unknown one',
      async () => {
        const { rebootNothingPending, rebootUnknownCluster } =
          await milestones.wait<DeploySteps>('dev.deploySteps');

        expect(rebootNothingPending.code).toBe(0);
        expect(rebootNothingPending.stderr).toContain(
          'every instance stayed in-sync for 1s: no reboot needed',
        );
        expect(rebootUnknownCluster.code).toBe(1);
        expect(rebootUnknownCluster.stderr).toContain('DBClusterNotFoundFault');
        expect(rebootUnknownCluster.stderr).toContain(
          'cannot describe cluster zero-etl-no-such-cluster; check CLUSTER_ID, AWS_REGION and rds:DescribeDBClusters permission',
        );
      },
      10 * MINUTES,
    );

    it(
      "apply-schema fails with the database's own refusal when migrate runs as a user without DDL rights (the ingestion function's)",
      async () => {
        const { applySchemaFails } = await milestones.wait<DeploySteps>('dev.deploySteps');

        expect(applySchemaFails.code).toBe(1);
        expect(applySchemaFails.stderr).toContain(
          `[apply-schema] applying the schema through ${config.project}-dev-ingest (action migrate)`,
        );
        expect(applySchemaFails.stderr).toMatch(
          /migrate returned statusCode 500: \*: schema statement 1 failed: CREATE command denied to user '\w+'@'[^']+' for table `\w+`\.`users`/,
        );
        expect(applySchemaFails.stderr).toContain('Fix the cause');
      },
      10 * MINUTES,
    );

    it(
      'sync-workgroup-parameters reports a parameter changed outside Terraform, updates exactly it, and then has nothing to do',
      async () => {
        const { syncCheckDrift, syncRepairs, syncNothingToDo, liveParameters, desired } =
          await milestones.wait<DeploySteps>('dev.deploySteps');

        expect(syncCheckDrift.code).toBe(1);
        expect(syncCheckDrift.stderr).toContain(
          '[sync-workgroup-parameters] parameters that differ: require_ssl=true',
        );
        expect(syncCheckDrift.stderr).toContain(
          `workgroup ${DEV_WORKGROUP} has drifted from its configuration`,
        );
        expect(syncRepairs.code).toBe(0);
        expect(syncRepairs.stderr).toContain(
          `[sync-workgroup-parameters] workgroup ${DEV_WORKGROUP} now holds every configured parameter`,
        );
        expect(syncNothingToDo.code).toBe(0);
        expect(syncNothingToDo.stderr).toContain(
          `workgroup ${DEV_WORKGROUP} holds every configured parameter`,
        );
        // AWS's own parameter stays as AWS set it (K2): the step leaves what it does not configure alone.
        expect(liveParameters).toEqual({ ...desired, enable_large_strings_opt_in: 'false' });
      },
      10 * MINUTES,
    );
  });
}
