// jest's `filter` for TEST_TIER (jest.config.js): keeps the spec files of that tier (tiers.js).
const { relative, resolve } = require('node:path');
const { tierOf } = require('./tiers');

// Plain JavaScript loaded by jest itself, which cannot require paths.ts: the root is two levels up.
const ROOT = resolve(__dirname, '..', '..');

module.exports = async (testPaths) => ({
  filtered: testPaths.filter((path) => tierOf(relative(ROOT, path)) === process.env.TEST_TIER),
});
