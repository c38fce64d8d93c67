/** The bundle-only shims must behave like the packages they replace, for the inputs mysql2 gives them. */
import fastGlob from '../../lambda/shims/fast-glob';
import { decodeCesu8, encodeCesu8, getDecoder } from '../../lambda/shims/iconv-lite';
import isProperty from '../../lambda/shims/is-property';

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
