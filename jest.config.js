// @swc/jest transpiles TypeScript without type-checking (tsc runs separately in `npm run typecheck`).
// ESM-only dependencies (ky, and anything else listed below) are transformed to CommonJS so
// tests keep one module system.
// PGlite ships CJS (.cjs) that loads Node builtins with import(), which jest's VM rejects without
// --experimental-vm-modules; transforming it turns those into require().
const esmOnly = ['ky', '@vlasky/zongji', '@electric-sql/pglite'];

// TEST_TIER=<tier> (npm run test:unit, test:plan, test:local-cloud, test:e2e) runs one tier of
// test/harness/tiers.js; unset, every spec runs (npm test).
const { availableParallelism } = require('node:os');
const { TIER_NAMES } = require('./test/harness/tiers');

const tier = process.env.TEST_TIER || undefined;
if (tier !== undefined && !TIER_NAMES.includes(tier)) {
  throw new Error(
    `TEST_TIER=${tier} is not a test tier: use one of ${TIER_NAMES.join(', ')}, or unset it for all`,
  );
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // SQL files are imported as text (the Lambda bundles sql/schema.sql for its `migrate` action).
    '^.+\\.sql$': '<rootDir>/test/harness/sql-transform.js',
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json', 'sql'],
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
  // Every tier: one temporary folder per run (TMPDIR for the workers), removed at the end; the shared
  // MariaDB only where a tier needs it (jest-global-setup.ts).
  globalSetup: '<rootDir>/test/harness/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/jest-global-teardown.ts',
  ...(tier === undefined ? {} : { filter: '<rootDir>/test/harness/tier-filter.js' }),
  testSequencer: '<rootDir>/test/harness/sequencer.js',
  testTimeout: 120_000,
  // One worker more than cores, at most three: the local-cloud suites spend most of their wall time
  // waiting on the provider's fixed polling delays, and a third worker fills those waits. Measured
  // side by side in one session (jest alone, every suite): 694 s with two workers, 602 s with three
  // (the three-stack spec itself 383 s -> 448 s). Earlier, before the warm AWS CLI and the reattached
  // providers cut the CPU per terraform and aws call, a third worker did not pay (755 s vs 706 s).
  // Measured on 2 cores only: each worker may start a local cloud, terraform and providers, so more
  // workers on bigger machines are not assumed to help.
  maxWorkers: Math.min(availableParallelism() + 1, 3),
};
