/**
 * T3: which source tables a zero-ETL data filter replicates. A filter is a comma-separated list of
 * `include:` / `exclude:` patterns `database.table` (Maxwell filter syntax, Aurora User Guide, "Data
 * filtering for Aurora zero-ETL integrations"): a name is a literal, `*` matches any run of characters,
 * and `/…/` is a regular expression. As in Maxwell, the patterns are read left to right and the last one
 * a table matches decides; a table matching none is replicated only when the filter has no include
 * pattern at all. Pure: the preflight's filter-impact, the plan comment and the local cloud's
 * integration all decide with this.
 */
import { DATA_FILTER_PATTERN, splitDataFilter } from './integration';

export interface FilterPattern {
  readonly kind: 'include' | 'exclude';
  /** As written, e.g. `exclude: app.tmp_*`. */
  readonly text: string;
  readonly database: RegExp;
  readonly table: RegExp;
}

/** A pattern part as a whole-name regular expression: `/re/`, or a literal with `*` wildcards. */
function partRegExp(part: string): RegExp {
  const regex = /^\/(.+)\/$/.exec(part);
  if (regex) return new RegExp(`^(?:${regex[1]})$`);
  const literal = part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${literal}$`);
}

/** The patterns of a filter, in order; throws on a malformed one (validate with malformedFilterPatterns first). */
export function parseDataFilter(filter: string): FilterPattern[] {
  return splitDataFilter(filter).map((text) => {
    if (!DATA_FILTER_PATTERN.test(text)) throw new Error(`malformed data filter pattern "${text}"`);
    const [, kind, body] = /^(include|exclude):\s*(.+)$/.exec(text)!;
    const dot = body.indexOf('.');
    return {
      kind: kind as FilterPattern['kind'],
      text,
      database: partRegExp(body.slice(0, dot)),
      table: partRegExp(body.slice(dot + 1)),
    };
  });
}

/** Whether the filter replicates `database.table`, and the pattern that decided (none: the default). */
export function filterDecision(
  patterns: readonly FilterPattern[],
  database: string,
  table: string,
): { readonly replicated: boolean; readonly decidedBy?: string } {
  const last = [...patterns]
    .reverse()
    .find((pattern) => pattern.database.test(database) && pattern.table.test(table));
  if (last) return { replicated: last.kind === 'include', decidedBy: last.text };
  return { replicated: !patterns.some((pattern) => pattern.kind === 'include') };
}

export interface FilterImpact {
  /** Tables the new filter replicates and the old one did not: created and seeded in the target. */
  readonly added: readonly string[];
  /** Tables the old filter replicated and the new one does not: their data is deleted from the target. */
  readonly removed: readonly string[];
  /** Replicated by both. */
  readonly kept: readonly string[];
}

/** What changing the filter from `before` to `after` does to `tables` (`database.table` names). */
export function filterImpact(before: string, after: string, tables: readonly string[]): FilterImpact {
  const [old, next] = [parseDataFilter(before), parseDataFilter(after)];
  const replicatedBy = (patterns: FilterPattern[], name: string) => {
    const dot = name.indexOf('.');
    return filterDecision(patterns, name.slice(0, dot), name.slice(dot + 1)).replicated;
  };
  const sorted = [...tables].sort();
  return {
    added: sorted.filter((name) => !replicatedBy(old, name) && replicatedBy(next, name)),
    removed: sorted.filter((name) => replicatedBy(old, name) && !replicatedBy(next, name)),
    kept: sorted.filter((name) => replicatedBy(old, name) && replicatedBy(next, name)),
  };
}
