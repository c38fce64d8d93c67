import { MAX_VALUE_CHARS } from './constants';
import { flattenValues, type FlatValues } from './mask';
import type { ChangeKind, ClassifiedChange } from './types';

const KIND_VERBS: Readonly<Record<ChangeKind, string>> = {
  create: 'will be created',
  update: 'will be updated in-place',
  replace: 'must be replaced',
  delete: 'will be destroyed',
  forget: 'will be removed from state (not destroyed)',
};

function truncate(value: string, maxChars: number): string {
  if (value.length <= maxChars) return value;
  return `${value.slice(0, maxChars)}… (+${value.length - maxChars} chars)`;
}

function replacePathsOf(change: ClassifiedChange): Set<string> {
  const paths = change.resource.change.replace_paths ?? [];
  return new Set(
    paths.map((path) =>
      path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key),
        '',
      ),
    ),
  );
}

/** Attribute paths that force replacement, as `a.b[0]`, for the table and the diff. */
export function forcesReplacement(change: ClassifiedChange): string[] {
  return [...replacePathsOf(change)];
}

/**
 * One resource's diff, in `diff` syntax: a `#` header, then `-` lines for old and `+` lines for new
 * values. Updates and replacements list only changed attributes; sensitive values are masked.
 */
export function renderResourceDiff(change: ClassifiedChange, maxValueChars = MAX_VALUE_CHARS): string {
  const { resource } = change;
  const { before, after, before_sensitive, after_sensitive, after_unknown } = resource.change;
  const deposed = resource.deposed ? ` (deposed object ${resource.deposed})` : '';
  const lines = [`# ${resource.address}${deposed} ${KIND_VERBS[change.kind]}`];
  const old: FlatValues =
    change.kind === 'create' ? new Map() : flattenValues(before, before_sensitive, undefined);
  const next: FlatValues =
    change.kind === 'delete' || change.kind === 'forget'
      ? new Map()
      : flattenValues(after, after_sensitive, after_unknown);
  const forcing = replacePathsOf(change);
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  let unchanged = 0;
  for (const path of paths) {
    const was = old.get(path);
    const becomes = next.get(path);
    if (was?.raw === becomes?.raw) {
      unchanged += 1;
      continue;
    }
    const note = forcing.has(path) ? '   # forces replacement' : '';
    if (was) lines.push(`- ${path} = ${truncate(was.text, maxValueChars)}${becomes ? '' : note}`);
    if (becomes) lines.push(`+ ${path} = ${truncate(becomes.text, maxValueChars)}${note}`);
  }
  if (unchanged > 0 && change.kind !== 'delete' && change.kind !== 'forget') {
    lines.push(`  (${unchanged} unchanged attribute${unchanged === 1 ? '' : 's'} hidden)`);
  }
  return lines.join('\n');
}

/** A code fence longer than any run of backticks inside `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}
