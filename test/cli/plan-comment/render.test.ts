import { readFileSync } from 'node:fs';
import { GITHUB_COMMENT_LIMIT, MASK } from '../../../cli/plan-comment/constants';
import { SCHEMA_FILE } from '../../../paths';
import { tablesCreatedBy } from '../../../shared/schema-tables';
import { renderPlanComment } from '../../../cli/plan-comment/render';
import { type PlanJson, type ResourceChange } from '../../../cli/plan-comment/types';
import { BASELINE, CHANGED } from './fixtures/fixture-stack';
import { golden } from './fixtures/golden';
import { planFixtures, type FixturePlans } from './fixtures/plans';

const RUN_URL = 'https://github.com/acme/zero-etl/actions/runs/4242/attempts/1';
const SCHEMA_TABLES = tablesCreatedBy(readFileSync(SCHEMA_FILE, 'utf8')).map(
  (table) => `jsonplaceholder.${table}`,
);
const SECRETS = [BASELINE.masterPassword, CHANGED.masterPassword, BASELINE.apiToken, CHANGED.apiToken];

/** The plan with every resource change repeated `times`, each copy under its own address. */
function multiplied(plan: PlanJson, times: number): PlanJson {
  const copies: ResourceChange[] = [];
  for (let i = 0; i < times; i += 1) {
    for (const change of plan.resource_changes ?? [])
      copies.push({ ...change, address: `${change.address}[${i}]` });
  }
  return { ...plan, resource_changes: copies };
}

describe('plan comment rendered from real terraform plans of the fixture stack', () => {
  let plans: FixturePlans;

  beforeAll(async () => {
    plans = await planFixtures();
  }, 110_000);

  it('renders the "no changes" variant when the configuration matches the state', () => {
    // Act
    const { body, summary } = renderPlanComment({ stack: 'fixture', plan: plans.noChanges, runUrl: RUN_URL });

    // Assert
    expect(summary?.changes).toHaveLength(0);
    expect(body).toContain('### ✅ `fixture`: no changes');
    expect(body).not.toContain('| Action |');
    expect(body).toBe(golden('no-changes.md', body));
  });

  it('says when only outputs change, lists them, and masks the secret ones', () => {
    // Act
    const { body, summary } = renderPlanComment({
      stack: 'fixture',
      plan: plans.outputsOnly,
      runUrl: RUN_URL,
    });

    // Assert
    expect(summary?.changes).toHaveLength(0);
    expect(body).toContain('### 🟡 `fixture`: only outputs change');
    expect(body).not.toContain('no changes');
    expect(body).toContain('**3** outputs to change');
    expect(body).toContain('| `integration_name` | `"zero-etl-fixture"` (new) |');
    expect(body).toContain(`| \`admin_password\` | ${MASK} (new) |`);
    expect(body).toContain(`| \`bootstrap_script\` | \`"export DB_PASSWORD=${MASK}"\` (new) |`);
    expect(body).not.toContain('Output-Secret-2468');
    expect(body).not.toContain('Hidden-In-Text-1357');
    expect(body).toBe(golden('outputs-only.md', body));
  });

  it('counts, groups and explains an update / replace / delete plan', () => {
    // Act
    const { body, summary } = renderPlanComment({
      stack: 'fixture',
      plan: plans.changed,
      runUrl: RUN_URL,
      sourceTables: SCHEMA_TABLES,
    });

    // Assert
    expect(summary?.counts).toEqual({ create: 0, update: 3, replace: 1, delete: 1, forget: 0 });
    expect(body).toContain('**0** to add · **3** to change · **1** to replace · **1** to destroy');
    const rows = body.split('\n').filter((line) => /^\| (🔴|🟡|🟢)/.test(line));
    expect(rows.map((row) => row.split('|')[1].trim())).toEqual([
      '🔴 replace',
      '🔴 destroy',
      '🟡 update',
      '🟡 update',
      '🟡 update',
    ]);
    expect(rows[0]).toContain('forced by `data_filter`');
    expect(rows[1]).toContain('no longer in the configuration');
    expect(body).toContain(
      '+ data_filter = "include: jsonplaceholder.*, exclude: jsonplaceholder.photos"   # forces replacement',
    );
    // The narrowed data filter: what leaves the target, what joins it, and the re-seed.
    expect(body).toContain(
      '> **Data filter of `aws_rds_integration.integration`**: `include: jsonplaceholder.*` → `include: jsonplaceholder.*, exclude: jsonplaceholder.photos` (evaluated against sql/schema.sql):',
    );
    expect(body).toContain(
      '> - **removed** from the Redshift target, their data deleted: `jsonplaceholder.photos`',
    );
    expect(body).toContain('> - **added**, created and seeded: none');
    expect(body).toBe(golden('update-replace-delete.md', body));
  });

  it('warns prominently before replacing the integration: the target database is re-created and fully re-seeded', () => {
    // Act
    const { body } = renderPlanComment({ stack: 'fixture', plan: plans.changed, runUrl: RUN_URL });

    // Assert
    const caution = body.split('\n').filter((line) => line.startsWith('>'));
    expect(caution[0]).toBe('> [!CAUTION]');
    expect(caution.join('\n')).toMatch(
      /\*\*replace\*\* `aws_rds_integration\.integration`: .*the deploy step drops the Redshift target database and creates it again from the new one, fully re-seeded from Aurora/,
    );
    expect(body.indexOf('[!CAUTION]')).toBeLessThan(body.indexOf('| Action |'));
  });

  it('lists every stateful resource a destroy plan would delete, and only those', () => {
    // Act
    const { body, summary } = renderPlanComment({ stack: 'fixture', plan: plans.destroy, runUrl: RUN_URL });

    // Assert
    expect(summary?.counts.delete).toBe(6);
    expect(summary?.hazards.map((change) => change.resource.type).sort()).toEqual([
      'aws_kms_key',
      'aws_rds_cluster',
      'aws_rds_integration',
      'aws_redshiftserverless_namespace',
    ]);
    expect(body).toContain('**4 stateful or disruptive resources would be destroyed or replaced.**');
    expect(body).toBe(golden('destroy.md', body));
  });

  it('masks values Terraform marks sensitive and values under secret-like keys, showing that they change', () => {
    // Arrange: the plan JSON itself carries the secrets in clear text
    const planText = JSON.stringify(plans.changed);
    for (const secret of SECRETS) expect(planText).toContain(secret);

    // Act
    const { body } = renderPlanComment({ stack: 'fixture', plan: plans.changed, runUrl: RUN_URL });

    // Assert
    for (const secret of SECRETS) expect(body).not.toContain(secret);
    expect(body).toContain(`- master_password = ${MASK}\n+ master_password = ${MASK}`);
    expect(body).toContain(`- input.api_token = ${MASK}\n+ input.api_token = ${MASK}`);
  });

  it('scrubs a secret value that also appears in an attribute that is not sensitive', () => {
    // Arrange: the new token leaks into the key's description
    const plan = structuredClone(plans.changed) as unknown as {
      resource_changes: Array<{ type: string; change: { after: Record<string, unknown> } }>;
    };
    const key = plan.resource_changes.find((change) => change.type === 'aws_kms_key')!;
    key.change.after.description = `rotated with ${CHANGED.apiToken}`;

    // Act
    const { body } = renderPlanComment({
      stack: 'fixture',
      plan: plan as unknown as PlanJson,
      runUrl: RUN_URL,
    });

    // Assert
    expect(body).not.toContain(CHANGED.apiToken);
    expect(body).toContain(`+ description = "rotated with ${MASK}"`);
  });

  it('shrinks the diff, never the summary, to stay under GitHub’s limit', () => {
    // Arrange: 60 copies of the real changes: the summary fits, the full diff is far beyond the limit
    const plan = multiplied(plans.destroy, 60);

    // Act
    const rendered = renderPlanComment({ stack: 'fixture', plan, runUrl: RUN_URL });

    // Assert
    expect(rendered.body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(rendered.diffShown).toBeGreaterThan(0);
    expect(rendered.diffShown).toBeLessThan(rendered.diffTotal);
    expect(rendered.body).toContain('**0** to add · **0** to change · **0** to replace · **360** to destroy');
    expect(rendered.body).toContain(
      '**240 stateful or disruptive resources would be destroyed or replaced.**',
    );
    expect(rendered.body).toContain(
      `resources, long values cut). The full plan is in the [run log](${RUN_URL})`,
    );
    expect(rendered.body).toContain('> - **destroy** 60 × `aws_rds_integration` (zero-ETL integration:');
    expect(rendered.body).toContain(
      '`aws_kms_key.key[0]`, `aws_kms_key.key[1]`, `aws_kms_key.key[10]` and 57 more',
    );
    // Stateful resources come first, so their diffs are the ones kept.
    expect(rendered.body.indexOf('# aws_kms_key.key[0] will be destroyed')).toBeGreaterThan(0);
  });

  it('cuts the table only when the summary alone would not fit, and points at the run log', () => {
    // Arrange
    const plan = multiplied(plans.changed, 2000);

    // Act
    const rendered = renderPlanComment({ stack: 'fixture', plan, runUrl: RUN_URL });

    // Assert
    expect(rendered.body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(rendered.body).toContain(
      '**0** to add · **6000** to change · **2000** to replace · **2000** to destroy',
    );
    expect(rendered.body).toMatch(/\| … \| \d+ more resource changes, listed in the \[run log\]/);
    expect(rendered.diffShown).toBe(0); // the diff went first
    expect(rendered.body).toContain('> … and 1995 more integrations change their data filter');
  });

  it('renders a failed plan with the end of terraform’s output and the run log link', () => {
    // Act
    const { body } = renderPlanComment({
      stack: 'fixture',
      runUrl: RUN_URL,
      failureDetail:
        'Error: No valid credential sources found\n\n  with provider["registry.terraform.io/hashicorp/aws"]',
    });

    // Assert
    expect(body).toBe(golden('failed.md', body));
    expect(body.startsWith('<!-- zero-etl-plan:fixture -->\n### ❌ `fixture`: plan failed')).toBe(true);
  });
});
