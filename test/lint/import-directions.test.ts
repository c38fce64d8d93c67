/**
 * The map's import directions (CONTRIBUTING.md, `project/import-direction` in eslint.config.mjs),
 * checked by running ESLint itself on seeded files: each forbidden import is reported with the
 * reason, and the imports the map allows are not.
 */
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../paths';

interface SeededFile {
  readonly file: string;
  readonly source: string;
}

/**
 * ESLint's own API in a plain Node process (it loads eslint.config.mjs with import(), which jest's
 * module VM refuses): the import-direction messages of each seeded file, linted as if it were at
 * its path, in one process for all of them.
 */
function directionErrors(seeded: readonly SeededFile[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const { join } = require('node:path');
    const seeded = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(seeded.map(async ({ file, source }) => {
      const [result] = await eslint.lintText(source, { filePath: join(process.cwd(), file) });
      return result.messages.filter((m) => m.ruleId === 'project/import-direction').map((m) => m.message);
    })).then((errors) => process.stdout.write(JSON.stringify(errors)));`;
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(seeded)], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const importing = (target: string) => `import { x } from '${target}';\nexport const y = x;\n`;

const FORBIDDEN: ReadonlyArray<readonly [file: string, target: string, why: string]> = [
  ['rules/seeded.ts', '../shared/text-table', 'rules/ is pure'],
  ['shared/seeded.ts', '../stacks/app', 'shared/ is tooling for everything else'],
  ['local/dataplane/seeded.ts', '../pipeline/pipeline', 'The data plane is a library for the front doors'],
  ['local/pipeline/seeded.ts', '../cloud/server/launcher', 'never imports the local cloud'],
  ['local/cloud/seeded.ts', '../pipeline/pipeline', 'never imports npm start'],
  ['cli/preflight/seeded.ts', '../../local/cloud/server/launcher', 'never a front door'],
  ['cli/preflight/seeded.ts', '../plan-comment/render', 'A CLI never imports another CLI'],
  ['stacks/seeded.ts', '../shared/text-table', 'stacks/ builds infrastructure from rules/ and lambda/'],
  ['lambda/src/seeded.ts', '../../rules', 'The Lambda bundles only lambda/'],
];

const ALLOWED: ReadonlyArray<readonly [file: string, target: string]> = [
  ['local/cloud/seeded.ts', '../dataplane/mysql-server'],
  ['local/pipeline/seeded.ts', '../dataplane/mysql-server'],
  ['local/dataplane/seeded.ts', '../../shared/text-table'],
  ['cli/zero-etl/seeded.ts', '../../rules'],
  ['shared/seeded.ts', '../rules'],
];

describe('the import directions', () => {
  const seeded = [...FORBIDDEN, ...ALLOWED].map(([file, target]) => ({ file, source: importing(target) }));
  let errors: string[][];
  beforeAll(() => {
    errors = directionErrors(seeded);
  }, 60_000);

  it.each(FORBIDDEN.map((entry, index) => [...entry, index] as const))(
    'report %s importing %s',
    (_file, _target, why, index) => {
      expect(errors[index]).toHaveLength(1);
      expect(errors[index][0]).toContain(why);
    },
  );

  it.each(ALLOWED.map((entry, index) => [...entry, FORBIDDEN.length + index] as const))(
    'allow %s importing %s',
    (_file, _target, index) => {
      expect(errors[index]).toEqual([]);
    },
  );
});
