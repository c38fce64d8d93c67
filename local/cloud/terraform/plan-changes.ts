/** The changes in a `terraform show -json` plan, as address, actions and changed attributes (pure). */
import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, unknown>;

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** e.g. ['update'], ['delete', 'create'] (a replacement). */
  readonly actions: readonly string[];
  /** Top-level attributes whose value changes or becomes known only after apply, sorted. */
  readonly attributes: readonly string[];
}

const containsTrue = (value: unknown): boolean =>
  value === true ||
  (Array.isArray(value) && value.some(containsTrue)) ||
  (value !== null && typeof value === 'object' && Object.values(value).some(containsTrue));

/** Every resource change that is not a no-op or a data source read. */
export function plannedChanges(plan: Json): PlannedChange[] {
  const changes = (plan.resource_changes ?? []) as Array<{
    address: string;
    type: string;
    mode?: string;
    change: { actions: string[]; before?: Json | null; after?: Json | null; after_unknown?: Json };
  }>;
  return changes
    .filter((rc) => rc.mode !== 'data' && !['no-op', 'read'].includes(rc.change.actions.join('/')))
    .map((rc) => {
      const before = rc.change.before ?? {};
      const after = rc.change.after ?? {};
      const unknown = rc.change.after_unknown ?? {};
      const names = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
      const attributes = [...names]
        .filter((name) => containsTrue(unknown[name]) || !isDeepStrictEqual(before[name], after[name]))
        .sort();
      return { address: rc.address, type: rc.type, actions: rc.change.actions, attributes };
    })
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** One line per change, for messages: `address: update (attr, attr)`. */
export function describeChanges(changes: readonly PlannedChange[]): string {
  return changes
    .map((change) => `${change.address}: ${change.actions.join('/')} (${change.attributes.join(', ')})`)
    .join('\n');
}
