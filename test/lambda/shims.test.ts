/** The bundle-only shims must behave like the packages they replace, for the inputs mysql2 gives them. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastGlob from '../../lambda/shims/fast-glob';
import { decodeCesu8, encodeCesu8, getDecoder } from '../../lambda/shims/iconv-lite';
import isProperty from '../../lambda/shims/is-property';
import { compactErrorCodesModule } from '../../lambda/shims/mysql2-error-codes';

describe('iconv-lite shim', () => {
  it('decodes CESU-8, including characters beyond U+FFFF written as surrogate pairs', () => {
    // "é" (2 bytes), "€" (3 bytes), "😀" as CESU-8's two 3-byte surrogates.
    const bytes = Buffer.from([0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);

    expect(decodeCesu8(bytes)).toBe('Aé€😀');
    expect(encodeCesu8('Aé€😀')).toEqual(bytes);
  });

  it('names the fix for a charset it does not carry', () => {
    expect(() => getDecoder('gbk')).toThrow(
      'charset "gbk" is not bundled in the ingestion Lambda: use utf8mb4',
    );
  });
});

describe('is-property shim', () => {
  it.each([
    ['user_id', true],
    ['$x1', true],
    ['1abc', false],
    ['with space', false],
    ['naïve', false],
  ])('%s → %s', (name, expected) => {
    expect(isProperty(name)).toBe(expected);
  });
});

describe('fast-glob shim', () => {
  it('explains that awilix loadModules is unavailable', () => {
    expect(() => fastGlob.sync()).toThrow('register modules explicitly');
  });
});

describe('mysql2 error codes, compacted at build time', () => {
  // The installed module, by path: mysql2's package exports hide the subpath.
  const file = join(dirname(require.resolve('mysql2')), 'lib', 'constants', 'errors.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS data module, loaded by path
  const original = require(file) as Record<string, string | number>;

  it('reproduces the installed two-way map exactly, in well under half the size', () => {
    const source = compactErrorCodesModule(original);
    const rebuilt: Record<string, unknown> = {};
    new Function('exports', source)(rebuilt);

    expect(rebuilt).toEqual(original);
    expect(rebuilt.ER_ACCESS_DENIED_ERROR).toBe(1045);
    expect(rebuilt[1045]).toBe('ER_ACCESS_DENIED_ERROR');
    expect(source.length).toBeLessThan(readFileSync(file, 'utf8').length / 2);
  });

  it('refuses to produce a module that would not reproduce the map', () => {
    // Two names for one code where the reverse entry names neither cannot be rebuilt from names alone.
    expect(compactErrorCodesModule({ A: 1, 1: 'A' })).toContain('A.1');
    expect(() => compactErrorCodesModule({ A: 1, B: '1' } as Record<string, string | number>)).toThrow(
      /does not reproduce/,
    );
  });
});
