/** The parts of `terraform show -json <plan>` (format 1.x) that the plan comment reads. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Mirrors a value's shape; `true` at a position marks everything below it (sensitive / unknown). */
export type ValueMarks = boolean | ValueMarks[] | { [key: string]: ValueMarks };

export type TerraformAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

export interface PlanChange {
  readonly actions: readonly TerraformAction[];
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly after_unknown?: ValueMarks;
  readonly before_sensitive?: ValueMarks;
  readonly after_sensitive?: ValueMarks;
  /** Attribute paths that force the replacement (each a list of keys and indexes). */
  readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  readonly importing?: unknown;
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly deposed?: string;
  readonly action_reason?: string;
  readonly change: PlanChange;
}

export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly errored?: boolean;
  readonly resource_changes?: readonly ResourceChange[];
  /** Root module outputs whose value changes (`actions` as for resources). */
  readonly output_changes?: Readonly<Record<string, PlanChange>>;
}

/** What the comment groups resources by (replace = delete + create in either order). */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'forget';

export interface ClassifiedChange {
  readonly kind: ChangeKind;
  readonly resource: ResourceChange;
  /** Set when destroying or replacing this resource loses data or availability. */
  readonly hazard?: string;
}

/** A root module output the plan creates, changes or removes. */
export interface OutputChange {
  readonly name: string;
  readonly kind: 'create' | 'update' | 'delete';
  readonly change: PlanChange;
}

export interface PlanSummary {
  readonly changes: readonly ClassifiedChange[];
  /** Outputs whose value changes, by name. */
  readonly outputs: readonly OutputChange[];
  readonly counts: Readonly<Record<ChangeKind, number>>;
  readonly hazards: readonly ClassifiedChange[];
  readonly errored: boolean;
  readonly terraformVersion?: string;
}
