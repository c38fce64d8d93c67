/**
 * checkov, the IaC scanner security teams run, as a specification on plans a spec already made:
 * checkov (framework terraform_plan) on the real offline plan JSON, with `.checkov.yaml`, fails no
 * check; and without the skips it fails exactly the checks `.checkov.yaml` skips for these stacks,
 * so every skip is still needed, and the harness is seen to report findings (rule, resource, file).
 */
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import { plannedResources } from './terraform';
import { checkovPlans, checkovSkips, formatFinding, type CheckovResult } from './scanners';
import { type PlannedStack } from './stack-plans';

const STACK_NAMES = ['bootstrap', ...parseConfig(PROJECT_CONFIG, {}).environments.map((e) => e.name)];

export function checkovSpecification(names: readonly string[], plans: () => Promise<PlannedStack[]>): void {
  describe(`checkov on the offline plan of ${names.join(' and ')} (.checkov.yaml)`, () => {
    let stacks: PlannedStack[];
    let withSkips: CheckovResult;
    let withoutSkips: CheckovResult;
    beforeAll(async () => {
      stacks = await plans();
      const inputs = stacks.map((stack, index) => ({ name: names[index], plan: stack.result.plan }));
      [withSkips, withoutSkips] = await Promise.all([
        checkovPlans(inputs),
        checkovPlans(inputs, { withoutSkips: true }),
      ]);
    }, 300_000);

    it('reads every planned resource, without parsing errors', () => {
      const managed = stacks.flatMap((stack) =>
        plannedResources(stack.result).filter((resource) => !resource.address.startsWith('data.')),
      );
      expect(withSkips.summary.parsing_errors).toBe(0);
      expect(withSkips.summary.resource_count).toBe(managed.length);
      expect(withSkips.passedChecks.length).toBeGreaterThan(30);
    });

    it('fails no check', () => {
      expect(withSkips.findings.map(formatFinding)).toEqual([]);
      expect(withSkips.summary.failed).toBe(0);
    });

    it('fails, without the skips, exactly the checks .checkov.yaml skips for these stacks', () => {
      const skips = checkovSkips();
      for (const skip of skips) expect(STACK_NAMES).toEqual(expect.arrayContaining(skip.stacks));
      for (const name of names) {
        const file = `${name}.plan.json`;
        const expected = skips.filter((skip) => skip.stacks.includes(name)).map((skip) => skip.id);
        const unexpected = withoutSkips.findings.filter(
          (finding) => finding.file === file && !expected.includes(finding.rule),
        );
        // A finding here is a check that fails without a skip meant for this stack: fix it, or skip it with a reason.
        expect(unexpected.map(formatFinding)).toEqual([]);
        const stale = expected.filter(
          (id) => !withoutSkips.findings.some((finding) => finding.file === file && finding.rule === id),
        );
        // A skip listed here no longer fails on this stack: remove the stack (or the skip) from .checkov.yaml.
        expect({ stack: name, stale }).toEqual({ stack: name, stale: [] });
      }
    });
  });
}
