/**
 * Bundle-only stand-in for fast-glob (aliased in lambda/bundle.ts): awilix uses it only for
 * `loadModules`, which the Lambda never calls (registrations are explicit in container.ts).
 */
function unavailable(): never {
  throw new Error('awilix loadModules is not available in the Lambda bundle: register modules explicitly');
}

const fastGlob = Object.assign(unavailable, { sync: unavailable, glob: unavailable, globSync: unavailable });
export default fastGlob;
