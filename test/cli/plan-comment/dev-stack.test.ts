import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../../stacks/app';
import { GITHUB_COMMENT_LIMIT, MASK } from '../../../cli/plan-comment/constants';
import { collectSecretValues } from '../../../cli/plan-comment/mask';
import { renderPlanComment } from '../../../cli/plan-comment/render';
import { summarizePlan } from '../../../cli/plan-comment/summarize';
import { type PlanJson } from '../../../cli/plan-comment/types';
import { main } from '../../../cli/plan-comment/cli';
import { planOffline, synthStackDir } from '../../harness/terraform';

const RUN_URL = 'https://github.com/acme/zero-etl/actions/runs/99/attempts/1';

/**
 * The repository's own `dev` stack, planned for creation. The stack is still growing, so this
 * asserts properties of the comment rather than its exact text.
 */
describe('plan comment for the real dev stack (creation plan), through the CLI', () => {
  let plan: PlanJson;
  let body: string;
  let logs: string[];

  beforeAll(async () => {
    const app = buildApp(Testing.app());
    const dev = app.node.findChild('dev') as TerraformStack;
    plan = (await planOffline(synthStackDir(dev))).plan as unknown as PlanJson;
    const dir = mkdtempSync(join(tmpdir(), 'plan-comment-dev-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    logs = [];
    const args = ['render', '--stack', 'dev', '--plan', join(dir, 'plan.json'), '--run-url', RUN_URL];
    const code = await main(
      [...args, '--commit', '0123456789abcdef', '--out', join(dir, 'dev.md')],
      {},
      (line) => logs.push(line),
    );
    expect(code).toBe(0);
    body = readFileSync(join(dir, 'dev.md'), 'utf8');
  }, 110_000);

  it('starts with the stack marker and a changes status line', () => {
    expect(body.split('\n').slice(0, 2)).toEqual([
      '<!-- zero-etl-plan:dev -->',
      '### 🟡 `dev`: plan has changes',
    ]);
  });

  it('counts every planned creation and nothing else', () => {
    const creates = (plan.resource_changes ?? []).filter(
      (change) => change.mode === 'managed' && change.change.actions.join() === 'create',
    );
    expect(creates.length).toBeGreaterThan(0);
    expect(body).toContain(
      `**${creates.length}** to add · **0** to change · **0** to replace · **0** to destroy`,
    );
    expect(body).not.toContain('[!CAUTION]'); // creating stateful resources is not a hazard
  });

  it('lists every created resource in the table and in the diff', () => {
    for (const change of summarizePlan(plan).changes) {
      expect(body).toContain(`| 🟢 create | \`${change.resource.address}\` |`);
      expect(body).toContain(`# ${change.resource.address} will be created`);
    }
  });

  it('stays under the limit, with the run log, commit and counts', () => {
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(body).toContain(`[Run log](${RUN_URL}) · commit \`0123456789ab\``);
    expect(logs.join('\n')).toMatch(/^plan-comment: dev: create \d+, update 0, replace 0, delete 0/);
  });

  it("never shows a value the plan marks sensitive: the provider's own and one marked as a user would", () => {
    // The provider marks the namespace's admin_username sensitive; mark the failure queue's name too.
    const marked = structuredClone(plan);
    const queue = (marked.resource_changes ?? []).find((change) => change.type === 'aws_sqs_queue')!;
    (queue.change.after_sensitive as Record<string, unknown>).name = true;
    const secrets = collectSecretValues(marked.resource_changes ?? []);
    expect([...secrets].sort()).toEqual(['zero-etl-dev-ingest-failures', 'zeroetl_admin']);

    const rendered = renderPlanComment({ stack: 'dev', plan: marked, runUrl: RUN_URL }).body;

    for (const secret of secrets) expect(rendered).not.toContain(secret);
    expect(rendered).toContain(MASK);
    expect(body).toContain('zero-etl-dev-ingest-failures'); // shown where nothing marks it
  });
});
