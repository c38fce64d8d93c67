/**
 * The invocation events the function understands: `{}` or an EventBridge scheduled event (ingest
 * everything), `{ action: 'ingest', resources?: [...] }`, `{ action: 'migrate' }`, and
 * `{ action: 'counts' }` (row counts per table, for the deploy's replication check).
 */
import { RESOURCE_NAMES, type ResourceName } from './constants';
import { EventError } from './errors';

export type Command =
  | { readonly action: 'ingest'; readonly resources: readonly ResourceName[] }
  | { readonly action: 'migrate' }
  | { readonly action: 'counts' };

export function parseEvent(event: unknown): Command {
  if (event === undefined || event === null) return { action: 'ingest', resources: RESOURCE_NAMES };
  if (typeof event !== 'object' || Array.isArray(event))
    throw new EventError('the event must be a JSON object');
  const { action, resources } = event as { action?: unknown; resources?: unknown };
  // EventBridge scheduled events carry `source`/`detail-type` and no `action`.
  if (action === undefined) return { action: 'ingest', resources: RESOURCE_NAMES };
  if (action === 'migrate') return { action: 'migrate' };
  if (action === 'counts') return { action: 'counts' };
  if (action !== 'ingest') {
    throw new EventError(`unknown action ${JSON.stringify(action)}: use "ingest", "migrate" or "counts"`);
  }
  if (resources === undefined) return { action: 'ingest', resources: RESOURCE_NAMES };
  if (!Array.isArray(resources) || resources.length === 0) {
    throw new EventError(`"resources" must be a non-empty array of ${RESOURCE_NAMES.join(', ')}`);
  }
  const unknown = resources.filter((name) => !(RESOURCE_NAMES as readonly unknown[]).includes(name));
  if (unknown.length > 0) {
    throw new EventError(`unknown resources ${JSON.stringify(unknown)}: use ${RESOURCE_NAMES.join(', ')}`);
  }
  return { action: 'ingest', resources: resources as ResourceName[] };
}
