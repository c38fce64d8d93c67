import { DISRUPTIVE_RESOURCE_TYPES, STATE_BUCKET_HAZARD } from './constants';
import { PlanInputError } from './errors';
import type {
  ChangeKind,
  ClassifiedChange,
  OutputChange,
  PlanJson,
  PlanSummary,
  ResourceChange,
} from './types';

export interface SummarizeOptions {
  /** Names of the Terraform state bucket(s); destroying one is flagged. @default [] */
  readonly stateBuckets?: readonly string[];
}

/** Order of the groups in the comment: the most dangerous first. */
export const KIND_ORDER: readonly ChangeKind[] = ['replace', 'delete', 'update', 'create', 'forget'];

function classify(resource: ResourceChange): ChangeKind | undefined {
  const actions = [...resource.change.actions].sort().join(',');
  switch (actions) {
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'delete':
      return 'delete';
    case 'create,delete':
      return 'replace';
    case 'forget':
      return 'forget';
    default:
      return undefined; // no-op and read (data sources) change nothing
  }
}

function bucketName(resource: ResourceChange): string | undefined {
  const before = resource.change.before;
  if (before && typeof before === 'object' && !Array.isArray(before) && typeof before.bucket === 'string') {
    return before.bucket;
  }
  return undefined;
}

function hazardOf(
  resource: ResourceChange,
  kind: ChangeKind,
  stateBuckets: readonly string[],
): string | undefined {
  if (kind !== 'delete' && kind !== 'replace') return undefined;
  if (resource.type === 'aws_s3_bucket') {
    const name = bucketName(resource);
    const isStateBucket = name ? stateBuckets.includes(name) : false;
    return isStateBucket || /state/i.test(resource.address) ? STATE_BUCKET_HAZARD : undefined;
  }
  const hazard = DISRUPTIVE_RESOURCE_TYPES[resource.type];
  return typeof hazard === 'object' ? hazard[kind] : hazard;
}

/** Throws a PlanInputError unless `value` looks like `terraform show -json` of a plan. */
export function assertPlanJson(value: unknown, source: string): asserts value is PlanJson {
  const plan = value as PlanJson | null;
  const looksLikePlan =
    plan !== null &&
    typeof plan === 'object' &&
    typeof plan.format_version === 'string' &&
    (plan.resource_changes === undefined || Array.isArray(plan.resource_changes));
  if (!looksLikePlan) {
    throw new PlanInputError(
      `${source} is not a Terraform plan in JSON. Produce it with: terraform plan -out=tfplan && terraform show -json tfplan > plan.json`,
    );
  }
}

/** Classifies every resource change of a plan and counts them by kind. */
export function summarizePlan(plan: PlanJson, options: SummarizeOptions = {}): PlanSummary {
  const stateBuckets = options.stateBuckets ?? [];
  const changes: ClassifiedChange[] = [];
  for (const resource of plan.resource_changes ?? []) {
    if (resource.mode !== 'managed') continue;
    const kind = classify(resource);
    if (!kind) continue;
    const hazard = hazardOf(resource, kind, stateBuckets);
    changes.push(hazard ? { kind, resource, hazard } : { kind, resource });
  }
  changes.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      Number(Boolean(b.hazard)) - Number(Boolean(a.hazard)) ||
      a.resource.address.localeCompare(b.resource.address),
  );
  const counts: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0, forget: 0 };
  for (const change of changes) counts[change.kind] += 1;
  const outputs = Object.entries(plan.output_changes ?? {})
    .flatMap(([name, change]): OutputChange[] => {
      const kind = classify({ change } as ResourceChange);
      return kind === 'create' || kind === 'update' || kind === 'delete' ? [{ name, kind, change }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    changes,
    outputs,
    counts,
    hazards: changes.filter((change) => change.hazard),
    errored: plan.errored === true,
    terraformVersion: plan.terraform_version,
  };
}
