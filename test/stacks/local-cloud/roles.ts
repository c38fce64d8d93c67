/**
 * The bootstrap stack's roles in the local cloud, IAM enforced: the apply role writes the dev state
 * through the S3 backend, the plan role plans a pull request of the applied dev stack from it (its
 * refresh reads every resource, Redshift Serverless and the integration included, with its own
 * rights), and both are held to their boundaries. The account guard refuses a foreign stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PlannedChange } from '../../../local/cloud/terraform/plan-changes';
import { type TerraformRun } from '../../../local/cloud/terraform/stack-copy';
import { type Probe } from '../../harness/local-cloud-calls';
import { type Json } from '../../harness/json';
import { changeLines } from './round-trips';
import {
  ACCOUNT,
  APPLY_ROLE,
  DEV_STATE_KEY,
  ENVIRONMENT_ROLE,
  MINUTES,
  PLAN_ROLE,
  outcome,
  type Tier,
} from './tier';

export function specifyRoles(tier: Tier): void {
  const { milestones } = tier;

  describe("the bootstrap stack's roles in the local cloud, IAM enforced", () => {
    it(
      'let the apply role write the dev state through the S3 backend, lock file included',
      async () => {
        const pushed = await milestones.wait<TerraformRun>('dev.stateInS3');

        expect(outcome(pushed)).toBe('exit 0');
      },
      10 * MINUTES,
    );

    it(
      'let the plan role read the state object but neither overwrite nor delete it',
      async () => {
        const probes = await milestones.wait<Probe[]>('bootstrap.roleBoundaries');
        const read = JSON.parse(readFileSync(join(tier.scratch, 'state-read.json'), 'utf8')) as Json;

        expect(
          probes.filter((p) => p.label.startsWith('plan role')).map((p) => `${p.label}: ${p.outcome}`),
        ).toEqual([
          `plan role: s3api get-object ${DEV_STATE_KEY}: allowed`,
          `plan role: s3api put-object ${DEV_STATE_KEY}: AccessDenied`,
          `plan role: s3api delete-object ${DEV_STATE_KEY}: AccessDenied`,
        ]);
        expect(read.resources).toEqual(
          expect.arrayContaining([expect.objectContaining({ type: 'aws_rds_cluster' })]),
        );
      },
      15 * MINUTES,
    );

    it(
      'plan a pull request of the applied dev stack with the plan role: state from S3 without a lock, every resource refreshed (Redshift Serverless and the integration too), no changes',
      async () => {
        const { prPlan } = await milestones.wait<{
          prPlan: { code: number; changes: PlannedChange[]; run: TerraformRun };
        }>('dev.pullRequestPlan');

        expect(changeLines(prPlan.changes)).toEqual([]);
        expect(prPlan.code).toBe(0);
        for (const address of [
          'aws_rds_cluster.aurora_cluster_059EF40F',
          'aws_redshiftserverless_namespace.redshift_namespace_02A83719',
          'aws_redshiftserverless_workgroup.redshift_workgroup_1E56880F',
          'aws_redshift_resource_policy.redshift_resource-policy_48AD9E36',
          'aws_rds_integration.integration_D48D335D',
        ]) {
          expect(prPlan.run.output).toContain(`${address}: Refreshing state...`);
        }
      },
      15 * MINUTES,
    );

    it(
      'deny the plan role the state lock (a pull request plan must use -lock=false)',
      async () => {
        const { locked } = await milestones.wait<{ locked: TerraformRun }>('dev.pullRequestPlan');

        expect(locked.code).toBe(1);
        expect(locked.output).toContain('Error acquiring the state lock');
        expect(locked.output).toContain('AccessDenied');
      },
      15 * MINUTES,
    );

    it(
      "deny the apply role attaching policies to, or rewriting the trust of, the GitHub roles (even with iam:* granted elsewhere) and any role not an environment's",
      async () => {
        const probes = await milestones.wait<Probe[]>('bootstrap.roleBoundaries');

        expect(
          probes.filter((p) => p.label.startsWith('apply role')).map((p) => `${p.label}: ${p.outcome}`),
        ).toEqual([
          `apply role: attach AdministratorAccess to ${PLAN_ROLE}: AccessDenied`,
          `apply role: rewrite the trust of ${PLAN_ROLE}: AccessDenied`,
          `apply role: attach AdministratorAccess to ${APPLY_ROLE}: AccessDenied`,
          `apply role: rewrite the trust of ${APPLY_ROLE}: AccessDenied`,
          `apply role: put an inline policy on ${APPLY_ROLE}: AccessDenied`,
          `apply role: attach Enhanced Monitoring to ${ENVIRONMENT_ROLE}: allowed`,
          `apply role: rewrite the trust of ${ENVIRONMENT_ROLE}: allowed`,
          'apply role: attach Enhanced Monitoring to another-team-local-cloud-probe: AccessDenied',
          'apply role: rewrite the trust of another-team-local-cloud-probe: AccessDenied',
          `apply role with iam:* granted elsewhere: attach AdministratorAccess to ${PLAN_ROLE}: AccessDenied`,
          `apply role with iam:* granted elsewhere: rewrite the trust of ${PLAN_ROLE}: AccessDenied`,
          `apply role with iam:* granted elsewhere: attach AdministratorAccess to ${APPLY_ROLE}: AccessDenied`,
          `apply role with iam:* granted elsewhere: rewrite the trust of ${APPLY_ROLE}: AccessDenied`,
        ]);
      },
      15 * MINUTES,
    );
  });

  describe('the account guard in the local-cloud copies', () => {
    it(
      'refuses a stack whose allowed_account_ids leave out the account the local cloud answers for',
      async () => {
        const plan = await milestones.wait<TerraformRun>('guard.plan');

        expect(plan.code).toBe(1);
        expect(plan.output).toContain(`AWS account ID not allowed: ${ACCOUNT}`);
      },
      5 * MINUTES,
    );
  });
}
