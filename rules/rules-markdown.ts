/** Renders rules/RULES.md from the catalog (pure; the catalog test writes and checks the file). */
import { RULES, type RuleDefinition } from './catalog';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export function renderRulesMarkdown(rules: readonly RuleDefinition[] = RULES): string {
  const areas = [...new Set(rules.map((rule) => rule.area))];
  const lines = [
    '# Zero-ETL rules',
    '',
    '<!-- Generated from rules/catalog.ts by `npm run rules:doc`; edit the catalog, not this file. -->',
    '',
    'Every rule id that code, messages, tests and docs cite. Each row says what the rule requires, where',
    'AWS (or the Terraform provider) says so, and which files enforce it. Facts were gathered from the',
    'documents named; nothing here was checked against a real AWS account.',
    '',
  ];
  for (const area of areas) {
    lines.push(`## ${area}`, '', '| Id | Rule | Source | Enforced by |', '| --- | --- | --- | --- |');
    for (const rule of rules.filter((candidate) => candidate.area === area)) {
      const enforcedBy = rule.enforcedBy.map((path) => `\`${path}\``).join(', ');
      lines.push(
        `| ${rule.id} | ${escapeCell(rule.statement)} | ${escapeCell(rule.source)} | ${enforcedBy} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
