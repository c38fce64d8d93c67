/**
 * The drift check of generated documentation: a section of a Markdown file must be exactly what its
 * generator renders, formatted by the project's Prettier (its CLI: jest's module VM cannot load
 * Prettier's API). `npm run docs:generate` (UPDATE_DOCS=1) writes the file instead.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-files';

const PRETTIER = require.resolve('prettier/bin/prettier.cjs');

/** The markers around a generated section: what lies between them belongs to the generator. */
const start = (name: string) => `<!-- generated: ${name} (npm run docs:generate; do not edit) -->`;
const end = (name: string) => `<!-- end generated: ${name} -->`;

function replaceSection(document: string, name: string, body: string): string {
  const from = document.indexOf(start(name));
  const to = document.indexOf(end(name));
  if (from < 0 || to < from) {
    throw new Error(
      `no generated section "${name}": put the lines\n${start(name)}\n${end(name)}\nwhere it belongs`,
    );
  }
  return `${document.slice(0, from + start(name).length)}\n\n${body.trim()}\n\n${document.slice(to)}`;
}

function formatted(path: string, text: string): string {
  const result = spawnSync(process.execPath, [PRETTIER, '--stdin-filepath', path], {
    cwd: PROJECT_ROOT,
    input: text,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`prettier failed on ${path}: ${result.stderr}`);
  return result.stdout;
}

/** `file` (repository-relative) as it is, and with section `name` regenerated from `body`. */
export function regenerated(file: string, name: string, body: string): { actual: string; expected: string } {
  const path = join(PROJECT_ROOT, file);
  const actual = readFileSync(path, 'utf8');
  const expected = formatted(path, replaceSection(actual, name, body));
  if (process.env.UPDATE_DOCS === '1' && expected !== actual) {
    writeFileSync(path, expected);
    return { actual: expected, expected };
  }
  return { actual, expected };
}
