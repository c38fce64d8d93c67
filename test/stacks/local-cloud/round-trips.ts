/**
 * Every stack applied, planned again with no changes (only the commented allowlist in
 * local/cloud/terraform/allowlist.ts forgiven, each entry re-proven) and destroyed in the local cloud,
 * as the provider's own acceptance tests hold resources; nothing is left out, every deploy step
 * included (the data plane runs them).
 */
import { gapsFor } from '../../../local/cloud/terraform/override';
import { describeChanges, type PlannedChange } from '../../../local/cloud/terraform/plan-changes';
import { type Json } from '../../harness/json';
import { MINUTES, outcome, type Destroyed, type RoundTrip, type Tier } from './tier';

export const changeLines = (changes: readonly PlannedChange[]) =>
  describeChanges(changes).split('\n').filter(Boolean);

/** Managed resource addresses of a configuration (what an apply must put into the state). */
function managedAddresses(stackConfig: Json): string[] {
  return Object.entries((stackConfig.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

export function specifyRoundTrips(tier: Tier): void {
  const { milestones } = tier;

  describe.each(['bootstrap', 'dev', 'prod'])('%s stack in the local cloud', (name) => {
    it('leaves nothing out: every resource and every deploy step (the data plane answers the Data API)', () => {
      const { leftOut, dependsOnRemoved } = tier.stacks[name].leftOut;
      console.log(
        `${name}: left out of the local cloud:\n${leftOut.map((block) => `  ${block.address}  (${block.reason})`).join('\n') || '  nothing'}`,
      );

      expect(leftOut.map((block) => block.address)).toEqual([]);
      expect(dependsOnRemoved).toEqual({});
    });

    it(
      'applies every other resource',
      async () => {
        const { state } = await milestones.wait<RoundTrip['applied']>(`${name}.applied`);

        expect(state.filter((address) => !address.startsWith('data.'))).toEqual(
          managedAddresses(tier.stacks[name].configuration),
        );
      },
      10 * MINUTES,
    );

    it(
      'plans no changes the second time (up to the allowlisted moto round-trip gaps)',
      async () => {
        const { code, changes } = await milestones.wait<RoundTrip['secondPlan']>(`${name}.secondPlan`);

        expect(changeLines(changes)).toEqual([]);
        expect(code).toBe(0);
      },
      10 * MINUTES,
    );

    it(
      'still needs every allowlisted round-trip gap that applies to it (without them the plan shows each)',
      async () => {
        const { changes } = await milestones.wait<RoundTrip['rawPlan']>(`${name}.rawPlan`);
        const resources = Object.entries(
          (tier.stacks[name].configuration.resource ?? {}) as Record<string, Json>,
        ).flatMap(([type, byName]) =>
          Object.entries(byName).map(([resourceName, body]) => ({
            type,
            address: `${type}.${resourceName}`,
            body,
          })),
        );
        const expected = resources.flatMap(({ type, address, body }) =>
          gapsFor(type, body as Json).flatMap((gap) =>
            gap.attributes.map((attribute) => `${address}.${attribute}`),
          ),
        );
        const shown = changes.flatMap((change) =>
          change.attributes.map((attribute) => `${change.address}.${attribute}`),
        );

        expect(expected.filter((entry) => !shown.includes(entry))).toEqual([]);
      },
      10 * MINUTES,
    );
  });

  describe('destroying the stacks in the local cloud', () => {
    it(
      'destroys dev completely',
      async () => {
        const { run, state } = await milestones.wait<Destroyed>('dev.destroyed');

        expect(outcome(run)).toBe('exit 0');
        expect(state).toEqual([]);
      },
      15 * MINUTES,
    );

    it(
      'refuses to destroy prod while the cluster has deletion protection, then destroys it once lifted in the test copy',
      async () => {
        const { refusedCall, lifted, run, state } = await milestones.wait<Destroyed>('prod.destroyed');

        // What the provider reports after retrying it for two minutes, asked of the API directly.
        expect(refusedCall).toBe(
          'InvalidParameterCombination: Cannot delete protected Cluster, please disable deletion protection and try again.',
        );
        expect(lifted).toEqual(['aws_rds_cluster.aurora_cluster_059EF40F']);
        expect(outcome(run)).toBe('exit 0');
        expect(state).toEqual([]);
      },
      15 * MINUTES,
    );

    it(
      'refuses to destroy bootstrap while the state bucket and key have prevent_destroy, then destroys it once lifted',
      async () => {
        const { refused, run, state } = await milestones.wait<Destroyed>('bootstrap.destroyed');

        expect(refused?.code).toBe(1);
        expect(refused?.output).toContain('Instance cannot be destroyed');
        expect(refused?.output).toContain('aws_s3_bucket.state_bucket_803B4E61');
        expect(refused?.output).toContain('aws_kms_key.state_key_84A4E4B8');
        expect(outcome(run)).toBe('exit 0');
        expect(state).toEqual([]);
      },
      15 * MINUTES,
    );
  });
}
