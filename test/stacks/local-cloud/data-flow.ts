/**
 * The data flowing through dev in the local cloud's data plane, as `npm run local-cloud -- deploy
 * dev` drives it (local/cloud/deployment.ts): the ingestion invoked as its schedule does writes to
 * Aurora (MariaDB behind the cluster endpoint, IAM-authenticated), the integration replicates into the
 * warehouse, and scripts/verify-replication compares the counts. Then the day-2 cases a user meets: a
 * data-filter change replaces the integration (provider 5.x) and the deploy recovers by itself, the
 * table it leaves out leaves the warehouse; a table without a primary key is Failed with its fix.
 */
import { RESOURCE_NAMES } from '../../../lambda/src/constants';
import { type DescribeDBClustersCommandOutput } from '@aws-sdk/client-rds';
import { type TerraformRun } from '../../../local/cloud/terraform/stack-copy';
import { DEV, FILTERED_OUT_TABLE, MINUTES, TABLE_WITHOUT_KEY, type StepRun, type Tier } from './tier';

/** verify-replication's line for a table: name, Aurora count, Redshift count, state, verdict. */
function reportLine(run: StepRun, table: string): string[] | undefined {
  const line = run.stdout.split('\n').find((text) => text.trim().split(/\s+/)[0] === table);
  return line?.trim().split(/\s{2,}/);
}

export function specifyDataFlow(tier: Tier): void {
  const { milestones } = tier;

  describe('data flowing through dev in the local cloud (what npm run local-cloud -- deploy dev does)', () => {
    it(
      'runs the ingestion as its schedule does: every resource fetched from the fixture API and written to Aurora',
      async () => {
        const report = JSON.parse(await milestones.wait<string>('dev.ingested')) as {
          statusCode: number;
          body: string;
        };
        const body = JSON.parse(report.body) as { total_records: number; errors: unknown[] };

        expect(report.statusCode).toBe(200);
        expect(body.errors).toEqual([]);
        expect(body.total_records).toBeGreaterThan(0);
      },
      15 * MINUTES,
    );

    it(
      'replicates every table into the warehouse: verify-replication finds each Synced with equal counts and reports the lag',
      async () => {
        const run = await milestones.wait<StepRun>('dev.replicated');

        expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
        for (const table of RESOURCE_NAMES) {
          const [, aurora, redshift, state, verdict] = reportLine(run, table) ?? [];
          expect({ table, state, verdict, equal: aurora === redshift }).toEqual({
            table,
            state: 'Synced',
            verdict: 'OK',
            equal: true,
          });
        }
        expect(run.stdout).toMatch(/^integration lag \(SVV_INTEGRATION\.current_lag\): \d+ ms$/m);
      },
      15 * MINUTES,
    );

    it(
      'replaces the integration for a data-filter change, and create-integration-database re-creates the target database by itself',
      async () => {
        const { run } = await milestones.wait<{
          run: TerraformRun;
          members: DescribeDBClustersCommandOutput;
        }>('dev.updateApplied');

        expect(run.code).toBe(0);
        expect(run.output).toContain(
          `database ${DEV.redshift.targetDatabase} was created by this step from integration`,
        );
        expect(run.output).toContain('which no longer exists (the integration was replaced)');
        expect(run.output).toContain('all its data is re-seeded from Aurora');
      },
      15 * MINUTES,
    );

    it(
      'leaves the table the new filter excludes out of the warehouse; every other table is Synced with equal counts',
      async () => {
        const run = await milestones.wait<StepRun>('dev.updateReplicated');

        expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
        expect(reportLine(run, FILTERED_OUT_TABLE)?.slice(3)).toEqual(['missing', 'EXCLUDED']);
        for (const table of RESOURCE_NAMES.filter((name) => name !== FILTERED_OUT_TABLE)) {
          expect(reportLine(run, table)?.slice(3)).toEqual(['Synced', 'OK']);
        }
      },
      15 * MINUTES,
    );

    it(
      'shows a table without a primary key as Failed in verify-replication, with the reason and the fix, without waiting out the timeout',
      async () => {
        const run = await milestones.wait<StepRun>('dev.tableWithoutKey');

        expect(run.code).toBe(1);
        expect(reportLine(run, TABLE_WITHOUT_KEY)).toEqual([
          TABLE_WITHOUT_KEY,
          '-',
          '-',
          'Failed',
          'NOT SYNCED',
        ]);
        expect(run.stdout).toContain('SVV_INTEGRATION_TABLE_STATE for tables that are not Synced:');
        expect(run.stdout).toMatch(new RegExp(`${TABLE_WITHOUT_KEY}\\s+Failed\\s+.*primary key`, 'i'));
        expect(run.stderr).toContain('tables in Failed or ResyncRequired stay there until they are fixed');
        expect(run.stderr).toContain('npm run zero-etl -- refresh <environment> --failed');
        // Not the timeout's message: Failed is terminal, so the script stopped at once.
        expect(run.stderr).not.toContain('replication check failed after');
      },
      15 * MINUTES,
    );
  });
}
