/**
 * Every rule id the project cites is defined in rules/catalog.ts, each definition points at files
 * that exist, and rules/RULES.md is the catalog rendered (UPDATE_RULES_MD=1 rewrites it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, renderRulesMarkdown, ruleById } from '../../rules';
import { PROJECT_ROOT, projectFiles } from '../harness/project-files';

const RULES_MD = join(PROJECT_ROOT, 'rules', 'RULES.md');
/** A rule id as code, messages and docs cite it: a letter of a rule area and a number. */
const CITATION = /\b[ARTKSMLP]\d{1,2}\b/g;
/** Files whose text is not ours to cite from (lock file, recorded plans, golden comments). */
const NOT_CITING = [
  /^package-lock\.json$/,
  /__golden__\//,
  /fixtures\/prior-state\.json$/,
  /^rules\/RULES\.md$/,
];

describe('the rule catalog', () => {
  it('defines every id once, with a statement, a source and the files that enforce it', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.statement.length).toBeGreaterThan(20);
      expect(rule.source.length).toBeGreaterThan(10);
      expect(rule.enforcedBy.length).toBeGreaterThan(0);
    }
  });

  it('names only files that exist as enforcing a rule', () => {
    const missing = RULES.flatMap((rule) =>
      rule.enforcedBy
        .filter((path) => !existsSync(join(PROJECT_ROOT, path)))
        .map((path) => `${rule.id}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('defines every rule id cited anywhere in the repository', () => {
    const undefinedIds = new Map<string, string>();
    for (const file of projectFiles()) {
      if (NOT_CITING.some((pattern) => pattern.test(file))) continue;
      for (const [id] of readFileSync(join(PROJECT_ROOT, file), 'utf8').matchAll(CITATION)) {
        if (!ruleById(id) && !undefinedIds.has(id)) undefinedIds.set(id, file);
      }
    }
    expect(Object.fromEntries(undefinedIds)).toEqual({});
  });

  it('is what rules/RULES.md shows', () => {
    const rendered = renderRulesMarkdown();
    if (process.env.UPDATE_RULES_MD === '1') writeFileSync(RULES_MD, rendered);
    expect(readFileSync(RULES_MD, 'utf8')).toBe(rendered);
  });
});
