/**
 * The plan comment's data-filter section: when a plan changes an integration's `data_filter`, which
 * tables the new filter removes from the Redshift target (their data is deleted) and which it adds
 * (created and seeded), evaluated offline against the tables the project's schema creates, and that
 * hashicorp/aws 5.x replaces the integration for it (T3). Pure.
 */
import { filterImpact, malformedFilterPatterns } from '../../rules';
import type { ClassifiedChange, JsonValue } from './types';

/** Integrations whose filter change is spelled out; the rest are counted. */
const FILTER_CHANGES_LISTED = 5;

const filterOf = (value: JsonValue | undefined): string | undefined => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const filter = (value as Record<string, JsonValue>).data_filter;
  return typeof filter === 'string' ? filter : undefined;
};

const names = (tables: readonly string[]) =>
  tables.length > 0 ? tables.map((table) => `\`${table}\``).join(', ') : 'none';

interface FilterChange {
  readonly address: string;
  readonly before: string;
  readonly after: string;
}

function filterChanges(changes: readonly ClassifiedChange[]): FilterChange[] {
  return changes.flatMap(({ resource }) => {
    const [before, after] = [filterOf(resource.change.before), filterOf(resource.change.after)];
    if (resource.type !== 'aws_rds_integration' || before === undefined || after === undefined) return [];
    return before === after ? [] : [{ address: resource.address, before, after }];
  });
}

function integrationLines(change: FilterChange, sourceTables: readonly string[]): string[] {
  const head = `> **Data filter of \`${change.address}\`**: \`${change.before}\` → \`${change.after}\``;
  if (sourceTables.length === 0 || malformedFilterPatterns(`${change.before},${change.after}`).length > 0) {
    return [
      '> [!WARNING]',
      head,
      '> The tables it adds and removes were not evaluated (no schema for this stack).',
      '',
    ];
  }
  const impact = filterImpact(change.before, change.after, sourceTables);
  return [
    '> [!WARNING]',
    `${head} (evaluated against sql/schema.sql):`,
    `> - **removed** from the Redshift target, their data deleted: ${names(impact.removed)}`,
    `> - **added**, created and seeded: ${names(impact.added)}`,
    '> - every other replicated table is re-seeded too: in hashicorp/aws 5.x a filter change replaces the integration',
    '',
  ];
}

/**
 * Markdown lines for the integrations whose data filter the plan changes; `sourceTables` are the
 * source's tables as `database.table` (none known: the filters are shown, the tables are not
 * evaluated). Always kept in the comment, like the hazards, so it is bounded however large the plan.
 */
export function filterSection(
  changes: readonly ClassifiedChange[],
  sourceTables: readonly string[],
): string[] {
  const changed = filterChanges(changes);
  const more = changed.length - FILTER_CHANGES_LISTED;
  return [
    ...changed.slice(0, FILTER_CHANGES_LISTED).flatMap((change) => integrationLines(change, sourceTables)),
    ...(more > 0
      ? [`> … and ${more} more integrations change their data filter (see the diff or the run log)`, '']
      : []),
  ];
}
