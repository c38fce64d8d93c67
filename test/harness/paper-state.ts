/**
 * "Applying" a creation plan on paper: every value Terraform only knows after apply (ids, ARNs,
 * defaults AWS picks) is filled from a table of plausible values, giving a Terraform v4 state to plan
 * against. For what moto alone cannot apply (Redshift Serverless, the integration), this is how a
 * second plan against a deployed stack is tested.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values AWS would have returned, by resource type and attribute. */
export type KnownAfterApply = Readonly<Record<string, Readonly<Record<string, Json>>>>;

export interface PlannedChange {
  address: string;
  type: string;
  name: string;
  provider_name: string;
  change: { after: Record<string, Json>; after_unknown: Record<string, Json>; after_sensitive: Json };
}

function fillUnknowns(change: PlannedChange, knownAfterApply: KnownAfterApply): Record<string, Json> {
  const attributes = { ...change.change.after };
  const known = knownAfterApply[change.type] ?? {};
  for (const [name, unknown] of Object.entries(change.change.after_unknown)) {
    if (unknown !== true) continue;
    if (change.type === 'terraform_data' && name === 'output') attributes.output = attributes.input;
    else if (name in known) attributes[name] = known[name];
    else throw new Error(`No value for ${change.type}.${name}: add it to the values known after apply.`);
  }
  if (change.type === 'terraform_data') {
    // terraform_data stores its dynamically-typed values with their type.
    for (const name of ['input', 'output', 'triggers_replace']) {
      const value = attributes[name];
      attributes[name] = value === null || value === undefined ? null : { value, type: ctyTypeOf(value) };
    }
  }
  return attributes;
}

/** Terraform's state form of sensitivity marks: a list of attribute paths. */
function sensitivePaths(marks: Json, path: Json[] = []): Json[] {
  if (marks === true) return [path];
  if (Array.isArray(marks)) {
    return marks.flatMap((mark, index) =>
      sensitivePaths(mark, [...path, { type: 'index', value: { value: index, type: 'number' } }]),
    );
  }
  if (marks && typeof marks === 'object') {
    return Object.entries(marks).flatMap(([key, mark]) =>
      sensitivePaths(mark, [...path, { type: 'get_attr', value: key }]),
    );
  }
  return [];
}

/** The cty type JSON of a plain value (objects of strings, numbers and booleans suffice here). */
function ctyTypeOf(value: Json): Json {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(ctyTypeOf)];
  if (value && typeof value === 'object') {
    return ['object', Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ctyTypeOf(item)]))];
  }
  return 'dynamic';
}

/** A Terraform v4 state holding every resource of a creation plan, as if it had been applied. */
export function stateFromCreationPlan(
  plan: { terraform_version?: unknown; resource_changes?: unknown[] },
  knownAfterApply: KnownAfterApply,
  lineage: string,
): Record<string, Json> {
  const changes = ((plan.resource_changes ?? []) as PlannedChange[]).filter(
    (change) => !change.address.startsWith('data.'),
  );
  return {
    version: 4,
    terraform_version: plan.terraform_version as string,
    serial: 1,
    lineage,
    outputs: {},
    resources: changes.map((change) => ({
      mode: 'managed',
      type: change.type,
      name: change.name,
      provider:
        change.type === 'terraform_data'
          ? 'provider["terraform.io/builtin/terraform"]'
          : `provider["${change.provider_name}"]`,
      instances: [
        {
          schema_version: 0, // older versions are upgraded by the provider
          attributes: fillUnknowns(change, knownAfterApply),
          sensitive_attributes: sensitivePaths(change.change.after_sensitive),
        },
      ],
    })),
    check_results: null,
  };
}
