/** The bundle-only stand-ins (lambda/shims/) behave like the packages they replace, for this function. */
import fastGlob from '../../lambda/shims/fast-glob';

describe('fast-glob shim', () => {
  it('explains that awilix loadModules is unavailable', () => {
    expect(() => fastGlob.sync()).toThrow('register modules explicitly');
  });
});
