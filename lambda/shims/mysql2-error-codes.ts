/**
 * Bundle-time rewrite of mysql2's `lib/constants/errors.js` (applied by lambda/bundle.ts). The
 * original spells ~1,970 MySQL error names twice (`exports.ER_X = 1045; exports[1045] = 'ER_X'`),
 * 148 KB of the 400 KB bundle. This renders the same two-way map from one compact string of names
 * and code deltas, decoded once at load. Generated from the installed module, so it cannot drift.
 */

type ErrorCodes = Readonly<Record<string, string | number>>;

/** JavaScript source for a CommonJS module whose exports equal `codes` exactly (or a thrown error). */
export function compactErrorCodesModule(codes: ErrorCodes): string {
  const names = Object.entries(codes).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
  // Several names can share a code; the one `codes[code]` names must be assigned last.
  names.sort(([nameA, a], [nameB, b]) => a - b || Number(codes[a] === nameA) - Number(codes[b] === nameB));
  let previous = 0;
  const encoded = names
    .map(([name, code]) => {
      const entry = `${name}.${(code - previous).toString(36)}`;
      previous = code;
      return entry;
    })
    .join(' ');
  const decode =
    `"use strict";let c=0;for(const e of ${JSON.stringify(encoded)}.split(" ")){` +
    `const[n,d]=e.split(".");c+=parseInt(d,36);exports[n]=c;exports[c]=n}`;
  // The original has a few reverse entries that disagree with the forward ones (e.g. 3227): keep them.
  const decoded = evaluate(decode);
  const overrides = Object.fromEntries(
    Object.entries(codes).filter(([key, value]) => /^\d+$/.test(key) && decoded[key] !== value),
  );
  const source =
    Object.keys(overrides).length === 0
      ? decode
      : `${decode};Object.assign(exports,${JSON.stringify(overrides)})`;
  const rebuilt = evaluate(source);
  if (!sameCodes(rebuilt, codes)) {
    throw new Error('mysql2 error codes: the compact module does not reproduce the original map');
  }
  return source;
}

function evaluate(source: string): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  new Function('exports', source)(exports);
  return exports;
}

function sameCodes(actual: Record<string, unknown>, expected: ErrorCodes): boolean {
  const keys = Object.keys(expected);
  return keys.length === Object.keys(actual).length && keys.every((key) => actual[key] === expected[key]);
}
