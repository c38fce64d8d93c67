import { isSecretLikeKey, maskSecretsInText } from '../../shared/secret-patterns';
import { MASK, MIN_SCRUB_LENGTH, UNKNOWN } from './constants';
import type { JsonValue, ResourceChange, ValueMarks } from './types';

/** A leaf value: `text` is what the comment shows (masked), `raw` tells whether two values differ. */
export interface FlatValue {
  readonly text: string;
  readonly raw: string;
}

/** One side of a resource, flattened to paths such as `tags.Name` or `ingress[0].port`. */
export type FlatValues = Map<string, FlatValue>;

function childMarks(marks: ValueMarks | undefined, key: string | number): ValueMarks | undefined {
  if (marks === true || marks === false || marks === undefined) return marks === true ? true : undefined;
  return (marks as Record<string, ValueMarks>)[key as string];
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
  if (!path) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function collectStrings(value: JsonValue | undefined, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'number') into.add(String(value));
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value && typeof value === 'object')
    Object.values(value).forEach((item) => collectStrings(item, into));
}

/**
 * Flattens one side of a change into path → rendered value, replacing sensitive values
 * (marked by Terraform, or under a secret-like key) with a mask and unknown values with a note.
 */
export function flattenValues(
  value: JsonValue | undefined,
  sensitive: ValueMarks | undefined,
  unknown: ValueMarks | undefined,
): FlatValues {
  const out: FlatValues = new Map();
  const walk = (
    node: JsonValue | undefined,
    sens: ValueMarks | undefined,
    unk: ValueMarks | undefined,
    path: string,
    secretKey: boolean,
  ): void => {
    if (unk === true) {
      out.set(path, { text: UNKNOWN, raw: UNKNOWN });
      return;
    }
    const present = node !== null && node !== undefined;
    if (sens === true || (secretKey && present && typeof node !== 'object')) {
      if (present) out.set(path, { text: MASK, raw: JSON.stringify(node) });
      return;
    }
    if (Array.isArray(node) || Array.isArray(unk)) {
      const items = Array.isArray(node) ? node : [];
      const length = Math.max(items.length, Array.isArray(unk) ? unk.length : 0);
      for (let i = 0; i < length; i += 1) {
        walk(items[i], childMarks(sens, i), childMarks(unk, i), childPath(path, i), secretKey);
      }
      return;
    }
    if ((node && typeof node === 'object') || (unk && typeof unk === 'object')) {
      const record = (node && typeof node === 'object' ? node : {}) as Record<string, JsonValue>;
      const keys = new Set([...Object.keys(record), ...Object.keys((unk as object) ?? {})]);
      for (const key of [...keys].sort()) {
        walk(
          record[key],
          childMarks(sens, key),
          childMarks(unk, key),
          childPath(path, key),
          isSecretLikeKey(key),
        );
      }
      return;
    }
    if (present) {
      // A secret written inside a value (PASSWORD=… in user_data) is masked in what is shown.
      const shown = typeof node === 'string' ? maskSecretsInText(node, MASK) : node;
      out.set(path, { text: JSON.stringify(shown), raw: JSON.stringify(node) });
    }
  };
  walk(value, sensitive, unknown, '', false);
  return out;
}

/**
 * Every concrete string that the masking hides in these changes (values Terraform marks sensitive
 * and values under secret-like keys), so that copies of them elsewhere can be scrubbed too.
 */
export function collectSecretValues(resources: readonly ResourceChange[]): Set<string> {
  const secrets = new Set<string>();
  const walk = (node: JsonValue | undefined, sens: ValueMarks | undefined, secretKey: boolean): void => {
    if (node === null || node === undefined) return;
    if (sens === true || (secretKey && typeof node !== 'object')) {
      collectStrings(node, secrets);
      return;
    }
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, childMarks(sens, i), secretKey));
    else if (typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) walk(item, childMarks(sens, key), isSecretLikeKey(key));
    }
  };
  for (const resource of resources) {
    walk(resource.change.before, resource.change.before_sensitive, false);
    walk(resource.change.after, resource.change.after_sensitive, false);
  }
  // Tiny values ("1", "true") would mask unrelated text; they carry no secret worth hiding.
  return new Set([...secrets].filter((secret) => secret.length >= MIN_SCRUB_LENGTH));
}

/** Replaces every occurrence of a secret value in `text` with the mask, longest secrets first. */
export function scrubSecrets(text: string, secrets: ReadonlySet<string>): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(MASK);
    const quoted = JSON.stringify(secret).slice(1, -1); // the escaped form, as it appears inside JSON strings
    if (quoted !== secret) result = result.split(quoted).join(MASK);
  }
  return result;
}
