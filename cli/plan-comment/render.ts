import { maskSecretsInText } from '../../shared/secret-patterns';
import {
  COMMENT_SAFETY_MARGIN,
  GITHUB_COMMENT_LIMIT,
  MASK,
  MAX_VALUE_CHARS,
  UNKNOWN,
  commentMarker,
} from './constants';
import { fenceFor, forcesReplacement, renderResourceDiff } from './diff';
import { filterSection } from './filter-section';
import { collectSecretValues, scrubSecrets } from './mask';
import { fitToLimit } from './fit';
import { summarizePlan } from './summarize';
import type {
  ChangeKind,
  ClassifiedChange,
  JsonValue,
  OutputChange,
  PlanJson,
  PlanSummary,
  ValueMarks,
} from './types';

export interface PlanCommentInput {
  /** cdktf stack id, e.g. `dev`. */
  readonly stack: string;
  /** `terraform show -json` of the plan; omit when the plan failed before producing one. */
  readonly plan?: PlanJson;
  /** The GitHub Actions run whose log holds the full plan. */
  readonly runUrl: string;
  /** The HCP Terraform run, when the plan ran there. @default - none */
  readonly cloudRunUrl?: string;
  /** State bucket names; destroying one is flagged. @default [] */
  readonly stateBuckets?: readonly string[];
  /** Why the plan failed (e.g. the end of terraform's output), shown when `plan` is absent. @default - none */
  readonly failureDetail?: string;
  /** The commit that was planned. @default - none */
  readonly commitSha?: string;
  /**
   * The source's tables as `database.table`, to say what a data-filter change adds and removes.
   * @default - none: a filter change is shown without its tables
   */
  readonly sourceTables?: readonly string[];
  /** Upper bound for the body. @default GITHUB_COMMENT_LIMIT - COMMENT_SAFETY_MARGIN */
  readonly maxChars?: number;
}

export interface RenderedComment {
  readonly body: string;
  readonly summary?: PlanSummary;
  /** Resources whose diff is in the body, out of all changed resources. */
  readonly diffShown: number;
  readonly diffTotal: number;
  /** Longest single value kept in the diff (values are cut to fit). */
  readonly valueLimit: number;
}

const KIND_LABELS: Readonly<Record<ChangeKind, string>> = {
  replace: '🔴 replace',
  delete: '🔴 destroy',
  update: '🟡 update',
  create: '🟢 create',
  forget: '⚪ forget',
};

const REASONS: Readonly<Record<string, string>> = {
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count / for_each changed',
  delete_because_count_index: 'count shrank',
  delete_because_each_key: 'for_each key removed',
  replace_because_tainted: 'tainted',
  replace_by_request: 'replacement requested',
  replace_by_triggers: 'replace_triggered_by',
};

const FAILURE_DETAIL_CHARS = 3_000;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function countsLine(summary: PlanSummary): string {
  const { counts } = summary;
  const parts = [
    `**${counts.create}** to add`,
    `**${counts.update}** to change`,
    `**${counts.replace}** to replace`,
    `**${counts.delete}** to destroy`,
  ];
  if (counts.forget > 0) parts.push(`**${counts.forget}** to forget`);
  if (summary.outputs.length > 0) {
    parts.push(`**${summary.outputs.length}** output${summary.outputs.length === 1 ? '' : 's'} to change`);
  }
  return parts.join(' · ');
}

/** What a rendered comment says about its plan, read back from its status line. */
export type CommentStatus = 'no-changes' | 'changes' | 'failed';

/** The status of a rendered comment (the status line is the second line, after the marker). */
export function commentStatus(body: string): CommentStatus {
  const line = body.split('\n')[1] ?? '';
  if (line.startsWith('### ✅')) return 'no-changes';
  if (line.startsWith('### ❌')) return 'failed';
  return 'changes';
}

function statusLine(stack: string, summary: PlanSummary | undefined): string {
  if (!summary) return `### ❌ \`${stack}\`: plan failed`;
  if (summary.errored) return `### ❌ \`${stack}\`: plan errored (partial plan below)`;
  if (summary.changes.length === 0 && summary.outputs.length === 0) return `### ✅ \`${stack}\`: no changes`;
  if (summary.changes.length === 0) return `### 🟡 \`${stack}\`: only outputs change`;
  if (summary.hazards.length > 0) return `### ⚠️ \`${stack}\`: plan destroys or replaces stateful resources`;
  return `### 🟡 \`${stack}\`: plan has changes`;
}

/** Up to this many hazards are listed one by one; more are grouped by action and resource type. */
const HAZARDS_LISTED_SINGLY = 20;
const ADDRESSES_PER_HAZARD_GROUP = 3;

function hazardLines(hazards: readonly ClassifiedChange[]): string[] {
  const verb = (change: ClassifiedChange) => (change.kind === 'delete' ? 'destroy' : 'replace');
  if (hazards.length <= HAZARDS_LISTED_SINGLY) {
    return hazards.map(
      (change) => `> - **${verb(change)}** \`${change.resource.address}\`: ${change.hazard}`,
    );
  }
  const groups = new Map<string, ClassifiedChange[]>();
  for (const change of hazards) {
    const key = `${verb(change)} ${change.resource.type}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  return [...groups.values()].map((group) => {
    const shown = group
      .slice(0, ADDRESSES_PER_HAZARD_GROUP)
      .map((change) => `\`${change.resource.address}\``);
    const more = group.length - shown.length;
    return `> - **${verb(group[0])}** ${group.length} × \`${group[0].resource.type}\` (${group[0].hazard}): ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  });
}

function hazardBlock(summary: PlanSummary): string[] {
  if (summary.hazards.length === 0) return [];
  const count = summary.hazards.length;
  return [
    '> [!CAUTION]',
    `> **${count} stateful or disruptive resource${count === 1 ? '' : 's'} would be destroyed or replaced.** Review before merging:`,
    ...hazardLines(summary.hazards),
    '',
  ];
}

function detailsOf(change: ClassifiedChange): string {
  const notes: string[] = [];
  if (change.hazard) notes.push('⚠️ stateful');
  const forcing = forcesReplacement(change);
  if (forcing.length > 0) notes.push(`forced by ${forcing.map((path) => `\`${path}\``).join(', ')}`);
  const reason = change.resource.action_reason ? REASONS[change.resource.action_reason] : undefined;
  if (reason) notes.push(reason);
  if (change.resource.deposed) notes.push(`deposed object ${change.resource.deposed}`);
  return notes.join('; ');
}

function tableRows(summary: PlanSummary): string[] {
  return summary.changes.map(
    (change) =>
      `| ${KIND_LABELS[change.kind]} | \`${cell(change.resource.address)}\` | ${cell(detailsOf(change))} |`,
  );
}

function table(rows: readonly string[], omitted: number, runUrl: string): string[] {
  if (rows.length === 0) return [];
  return [
    '| Action | Resource | Notes |',
    '| --- | --- | --- |',
    ...rows,
    ...(omitted > 0
      ? [`| … | ${omitted} more resource changes, listed in the [run log](${runUrl}) | |`]
      : []),
    '',
  ];
}

/** Output values longer than this are cut in the outputs table. */
const OUTPUT_VALUE_CHARS = 200;
/** Outputs listed one by one; the rest are counted. */
const OUTPUTS_LISTED = 50;

function outputValue(
  value: JsonValue | undefined,
  sensitive: ValueMarks | undefined,
  unknown?: ValueMarks,
): string {
  if (unknown === true) return UNKNOWN;
  if (value === undefined || value === null) return '(none)';
  if (sensitive === true) return MASK;
  const text = maskSecretsInText(JSON.stringify(value), MASK);
  return `\`${text.length > OUTPUT_VALUE_CHARS ? `${text.slice(0, OUTPUT_VALUE_CHARS)}…` : text}\``;
}

/** The outputs whose value changes: Terraform plans them even when no resource changes. */
function outputsTable(outputs: readonly OutputChange[]): string[] {
  if (outputs.length === 0) return [];
  const rows = outputs.slice(0, OUTPUTS_LISTED).map(({ name, kind, change }) => {
    const before = outputValue(change.before, change.before_sensitive);
    const after = outputValue(change.after, change.after_sensitive, change.after_unknown);
    const shown =
      kind === 'create'
        ? `${after} (new)`
        : kind === 'delete'
          ? `${before} (removed)`
          : `${before} → ${after}`;
    return `| \`${cell(name)}\` | ${cell(shown)} |`;
  });
  const more = outputs.length - rows.length;
  return [
    '| Output | Change |',
    '| --- | --- |',
    ...rows,
    ...(more > 0 ? [`| … | ${more} more outputs change |`] : []),
    '',
  ];
}

function footer(input: PlanCommentInput, summary: PlanSummary | undefined): string {
  const parts = [`[Run log](${input.runUrl})`];
  if (input.cloudRunUrl) parts.push(`[HCP Terraform run](${input.cloudRunUrl})`);
  if (input.commitSha) parts.push(`commit \`${input.commitSha.slice(0, 12)}\``);
  if (summary?.terraformVersion) parts.push(`Terraform ${summary.terraformVersion}`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

function diffSection(blocks: readonly string[], total: number, shortened: boolean, runUrl: string): string[] {
  if (total === 0) return [];
  const text = blocks.join('\n\n');
  const fence = fenceFor(text);
  const shown = blocks.length;
  const note =
    shown < total || shortened
      ? [
          '',
          `_Diff shortened to fit GitHub's comment limit (${shown} of ${total} resources${shortened ? ', long values cut' : ''}). The full plan is in the [run log](${runUrl})._`,
        ]
      : [];
  return [
    '<details><summary>Show diff (sensitive values masked)</summary>',
    '',
    ...(shown > 0 ? [`${fence}diff`, text, fence] : []),
    ...note,
    '',
    '</details>',
    '',
  ];
}

function failedBody(input: PlanCommentInput, maxChars: number): RenderedComment {
  const detail =
    input.failureDetail === undefined ? undefined : maskSecretsInText(input.failureDetail.trim(), MASK);
  const tail =
    detail && detail.length > FAILURE_DETAIL_CHARS ? `…${detail.slice(-FAILURE_DETAIL_CHARS)}` : detail;
  const fence = tail ? fenceFor(tail) : '```';
  const body = [
    commentMarker(input.stack),
    statusLine(input.stack, undefined),
    '',
    `Terraform did not produce a plan for \`${input.stack}\`. The error is in the [run log](${input.runUrl}).`,
    '',
    ...(tail
      ? ['<details><summary>Error output</summary>', '', `${fence}text`, tail, fence, '', '</details>', '']
      : []),
    footer(input, undefined),
    '',
  ].join('\n');
  return { body: body.slice(0, maxChars), diffShown: 0, diffTotal: 0, valueLimit: 0 };
}

/** Value caps tried in turn before whole resources are dropped from the diff. */
const VALUE_LIMITS = [MAX_VALUE_CHARS, 200, 60];

/**
 * Renders one stack's plan comment. The status line, counts, warnings and table are always kept;
 * when the body would exceed GitHub's limit the diff shrinks first (see fit.ts).
 */
export function renderPlanComment(input: PlanCommentInput): RenderedComment {
  const maxChars = input.maxChars ?? GITHUB_COMMENT_LIMIT - COMMENT_SAFETY_MARGIN;
  if (!input.plan) return failedBody(input, maxChars);
  const summary = summarizePlan(input.plan, { stateBuckets: input.stateBuckets });
  const secrets = collectSecretValues(summary.changes.map((change) => change.resource));

  const head = [commentMarker(input.stack), statusLine(input.stack, summary), ''];
  if (summary.changes.length === 0 && summary.outputs.length === 0) {
    head.push('No changes. The infrastructure matches the configuration.', '');
  } else {
    head.push(
      ...hazardBlock(summary),
      ...filterSection(summary.changes, input.sourceTables ?? []),
      countsLine(summary),
      '',
      ...outputsTable(summary.outputs),
    );
  }
  const tail = [footer(input, summary), ''];
  const total = summary.changes.length;

  const fitted = fitToLimit({
    maxChars,
    rows: tableRows(summary),
    valueLimits: VALUE_LIMITS,
    diffBlocks: (valueLimit) => summary.changes.map((change) => renderResourceDiff(change, valueLimit)),
    assemble: (rows, omittedRows, blocks, shortened) =>
      scrubSecrets(
        [
          ...head,
          ...table(rows, omittedRows, input.runUrl),
          ...(blocks === undefined ? [] : diffSection(blocks, total, shortened, input.runUrl)),
          ...tail,
        ].join('\n'),
        secrets,
      ),
  });
  return { ...fitted, summary, diffTotal: total };
}
