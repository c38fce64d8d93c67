/**
 * Fresh MySQL data directories from a template: the installer (`mariadb-install-db`, or `mysqld
 * --initialize-insecure`) runs once per server binary and installer options, and every later start
 * copies its result. The installer bootstraps a server of its own to create the system tables:
 * 0.6-0.75 s and about 0.5 CPU s on an idle 2-core machine (1.5 s under the test suite's load), where
 * the copy of its 114 MB takes 0.16-0.18 s; the local cloud's clusters and the tests start dozens.
 *
 * The template lives in the project's cache (like the warehouse's PGlite image), named by a hash of
 * the binary's path, its `--version` and the installer's options, so an upgraded server or changed
 * options get a template of their own. It is written to a folder of its own and renamed into place,
 * so a concurrent start never copies half a template; any failure to write it only costs the cache.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CACHE_DIR } from '../../paths';

const TEMPLATES_DIR = join(CACHE_DIR, 'zero-etl-mysql-datadir');

/**
 * What must not be shared between servers: MySQL writes its server UUID (auto.cnf) and its
 * self-signed TLS keys (*.pem) into the data directory; each server makes its own when they are absent.
 */
const isServerIdentity = (path: string) => basename(path) === 'auto.cnf' || path.endsWith('.pem');

/** The template's folder for a server binary (its path and `--version` output) and installer options. */
export function templateDir(
  binary: string,
  version: string,
  installerOptions: readonly string[],
  root = TEMPLATES_DIR,
): string {
  const key = createHash('sha256')
    .update(JSON.stringify([binary, version.trim(), installerOptions]))
    .digest('hex')
    .slice(0, 16);
  return join(root, key);
}

/** Copies the template into `dataDir` (which must not exist) and returns true, or false without one. */
export function copyTemplate(template: string, dataDir: string): boolean {
  if (!existsSync(template)) return false;
  cpSync(template, dataDir, { recursive: true, filter: (source) => !isServerIdentity(source) });
  return true;
}

/** Keeps a copy of a freshly installed (and shut down) data directory as the template. */
export function saveTemplate(dataDir: string, template: string): void {
  const partial = `${template}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(template), { recursive: true });
    cpSync(dataDir, partial, { recursive: true, filter: (source) => !isServerIdentity(source) });
    renameSync(partial, template);
  } catch {
    // Another start saved it first (the rename found it in place), or the cache cannot be written:
    // the template is an optimisation only.
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
