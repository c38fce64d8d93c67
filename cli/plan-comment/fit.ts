/**
 * Fitting a plan comment into GitHub's 65,536-character limit (pure). The summary (status, counts,
 * hazards, table) always stays; the diff shrinks first: long values are cut ever shorter, then the
 * least important resources are dropped (changes come sorted: replace, destroy, update, create).
 * Only when the summary alone cannot fit is the table cut, always pointing at the run log.
 */

export interface FitInput {
  readonly maxChars: number;
  /** The table's rows, one per changed resource. */
  readonly rows: readonly string[];
  /** Caps on single values in the diff, tried in turn (longest first). */
  readonly valueLimits: readonly number[];
  /** The diff block of every change with values cut at `valueLimit`. */
  readonly diffBlocks: (valueLimit: number) => readonly string[];
  /**
   * The whole body: the table with `rows` (and a line for `omittedRows` more) and the diff section
   * holding `blocks` (undefined: no diff section; `shortened`: say the diff was cut).
   */
  readonly assemble: (
    rows: readonly string[],
    omittedRows: number,
    blocks: readonly string[] | undefined,
    shortened: boolean,
  ) => string;
}

export interface FittedComment {
  readonly body: string;
  /** Resources whose diff is in the body. */
  readonly diffShown: number;
  /** Longest single value kept in the diff (0 when no diff is shown). */
  readonly valueLimit: number;
}

/** Rows of the table that fit when even the table alone is too long (cut by length, then confirmed). */
function fitTable(input: FitInput): { rows: readonly string[]; omitted: number } {
  let rows = input.rows;
  let omitted = 0;
  const tooLong = (candidate: readonly string[], omittedRows: number, blocks?: readonly string[]) =>
    input.assemble(candidate, omittedRows, blocks, true).length > input.maxChars;
  if (!tooLong(rows, 0)) return { rows, omitted };
  // Estimate by length first (re-assembling a huge table row by row is slow), then confirm below.
  const room = input.maxChars - input.assemble([], 0, undefined, true).length - 300;
  let used = 0;
  const firstTooMany = rows.findIndex((row) => (used += row.length + 1) > room);
  const keep = firstTooMany === -1 ? rows.length : firstTooMany;
  omitted = rows.length - keep;
  rows = rows.slice(0, keep);
  while (rows.length > 0 && tooLong(rows, omitted, omitted > 0 ? [] : undefined)) {
    const drop = Math.max(1, Math.ceil(rows.length / 10));
    rows = rows.slice(0, rows.length - drop);
    omitted += drop;
  }
  return { rows, omitted };
}

export function fitToLimit(input: FitInput): FittedComment {
  const { rows, omitted } = fitTable(input);
  if (omitted > 0) {
    // Not even the whole table fits, so no diff does (it always goes first).
    return { body: input.assemble(rows, omitted, [], true), diffShown: 0, valueLimit: 0 };
  }
  const total = input.rows.length;
  const limits = input.valueLimits;
  let blocks: readonly string[] = [];
  for (const [attempt, valueLimit] of limits.entries()) {
    blocks = input.diffBlocks(valueLimit);
    const body = input.assemble(rows, 0, blocks, attempt > 0);
    if (body.length <= input.maxChars) return { body, diffShown: total, valueLimit };
  }
  // Keep the most important resources, as many as fit (binary search on the count).
  const valueLimit = limits[limits.length - 1];
  let kept = blocks.length;
  let low = 0;
  while (low < kept) {
    const mid = Math.ceil((low + kept) / 2);
    if (input.assemble(rows, 0, blocks.slice(0, mid), true).length <= input.maxChars) low = mid;
    else kept = mid - 1;
  }
  return { body: input.assemble(rows, 0, blocks.slice(0, low), true), diffShown: low, valueLimit };
}
