/**
 * The test tiers (test/harness/tiers.js): the fast tier holds no spec that starts a real dependency,
 * and each named tier holds the specs it promises.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, projectFiles } from './project-files';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest's own CommonJS module
const { TIER_NAMES, tierOf } = require('./tiers') as {
  TIER_NAMES: readonly string[];
  tierOf: (path: string) => string;
};

const specs = projectFiles(join(PROJECT_ROOT, 'test')).filter((file) => file.endsWith('.test.ts'));
/** What starts MariaDB, terraform, moto, openssl, a scanner or the Python tools, as a spec would use it. */
const REAL_DEPENDENCY = [
  /from '[./]*(harness\/(mysql|lambda-world|checkov|scanners|scripted-aws|aws-managed-policies|iam-policy-engine|local-cloud-calls)|shared\/(offline-terraform|python-tools)|local\/cloud\/server)/,
  // The local cloud's data plane: MariaDB per cluster, its TLS front and its CA (openssl).
  /from '[./]*local\/cloud\/bridge\/(server|clusters\/cluster|tls\/certificate-authority)'/,
  /\b(planStack|planOffline|validateOffline|pythonTool|mysqlAdminUrl)\(/,
  // Spawns `npm start` (a throwaway MariaDB) or another CLI as a process.
  /spawn\(process\.execPath/,
];

describe('the test tiers', () => {
  it('keep every spec that starts a real dependency out of the unit tier', () => {
    const slowUnits = specs.filter(
      (file) =>
        tierOf(file) === 'unit' &&
        REAL_DEPENDENCY.some((pattern) => pattern.test(readFileSync(join(PROJECT_ROOT, file), 'utf8'))),
    );
    expect(slowUnits).toEqual([]);
  });

  it('put every local-cloud and plan specification in its tier', () => {
    for (const file of specs.filter((spec) => spec.endsWith('.local-cloud.test.ts'))) {
      expect([file, tierOf(file)]).toEqual([file, 'local-cloud']);
    }
    for (const file of specs.filter((spec) => spec.endsWith('.plan.test.ts'))) {
      expect([file, tierOf(file)]).toEqual([file, 'plan']);
    }
  });

  it('leave no tier empty', () => {
    const used = new Set(specs.map(tierOf));
    expect(TIER_NAMES.filter((tier) => !used.has(tier))).toEqual([]);
  });
});
