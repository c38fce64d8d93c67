import { PlanInputError } from '../../../cli/plan-comment/errors';
import { assertPlanJson } from '../../../cli/plan-comment/summarize';

describe('reading the plan', () => {
  it('rejects input that is not terraform show -json of a plan, saying how to produce it', () => {
    expect(() => assertPlanJson({ values: {} }, 'state.json')).toThrow(PlanInputError);
    expect(() => assertPlanJson([], 'x.json')).toThrow(/terraform show -json tfplan/);
    expect(() => assertPlanJson({ format_version: '1.2', resource_changes: [] }, 'plan.json')).not.toThrow();
  });
});
