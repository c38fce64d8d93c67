/**
 * The artifact's cache key: the zip is rebuilt exactly when something it is built from changes
 * (lambda/, sql/, package-lock.json), and never for anything else.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleInputsHash } from '../../lambda/artifact';

describe('bundleInputsHash', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'artifact-inputs-'));
    write('lambda/src/handler.ts', 'export const handler = 1;');
    write('sql/schema.sql', 'CREATE TABLE t (id INT);');
    write('package-lock.json', '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is stable while the inputs are unchanged', () => {
    expect(bundleInputsHash(root)).toMatch(/^[0-9a-f]{16}$/);
    expect(bundleInputsHash(root)).toBe(bundleInputsHash(root));
  });

  it.each([
    ['a source file changes', 'lambda/src/handler.ts', 'export const handler = 2;'],
    ['a source file is added', 'lambda/src/new.ts', ''],
    ['the schema changes', 'sql/schema.sql', 'CREATE TABLE t (id BIGINT);'],
    ['the locked dependencies change', 'package-lock.json', '{"lockfileVersion":3}'],
  ])('changes when %s', (_case, path, text) => {
    const before = bundleInputsHash(root);
    write(path, text);
    expect(bundleInputsHash(root)).not.toBe(before);
  });

  it('ignores what the bundle is not built from', () => {
    const before = bundleInputsHash(root);
    write('stacks/app.ts', 'x');
    write('lambda/node_modules/x/index.js', 'x');
    write('README.md', 'x');
    expect(bundleInputsHash(root)).toBe(before);
  });
});
