/** The repository's own files (what a checkout holds), for specifications that read the whole tree. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../paths';

export { PROJECT_ROOT };

/** Generated, installed or local-only folders: never part of the project's sources. */
const IGNORED = new Set([
  'node_modules',
  '.git',
  '.gen',
  '.local',
  '.venv',
  'cdktf.out',
  'dist',
  'coverage',
  '.terraform',
]);

/** Every file under `dir` (default: the whole project), as paths relative to the project root. */
export function projectFiles(dir = PROJECT_ROOT): string[] {
  const walk = (path: string): string[] =>
    readdirSync(path)
      .filter((name) => !IGNORED.has(name) && !name.endsWith('.tfstate') && !name.endsWith('.tfstate.backup'))
      .sort()
      .flatMap((name) => {
        const child = join(path, name);
        return statSync(child).isDirectory() ? walk(child) : [relative(PROJECT_ROOT, child)];
      });
  return walk(dir);
}
