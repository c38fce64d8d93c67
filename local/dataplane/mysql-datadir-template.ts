/**
 * Fresh MySQL data directories from a template: the installer (`mariadb-install-db`, or `mysqld
 * --initialize-insecure`) runs once per server binary and installer options, and every later start
 * copies its result. The installer bootstraps a server of its own to create the system tables:
 * 0.6-0.75 s and about 0.5 CPU s on an idle 2-core machine (1.5 s under the test suite's load), where
 * the copy of its 114 MB takes 0.16-0.18 s; the local cloud's clusters and the tests start dozens.
 *
 * The templates live in the project's cache (like the warehouse's PGlite image), or in the folder
 * ZERO_ETL_MYSQL_TEMPLATES names (a test that must see the installer run gives an empty one). Each
 * is named by a hash of the binary's path, its version and the installer's options, so an upgraded
 * server or changed options get a template of their own. A template is written to a folder of its
 * own and renamed into place, so a concurrent start never copies half of one; a failure to write it
 * only costs the cache, and a template that does not start is discarded by the caller
 * (local/dataplane/mysql-server.ts), which then installs afresh.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CACHE_DIR } from '../../paths';

/** Where the templates are kept: ZERO_ETL_MYSQL_TEMPLATES, or the project's cache. */
export function templatesRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.ZERO_ETL_MYSQL_TEMPLATES || join(CACHE_DIR, 'zero-etl-mysql-datadir');
}

/**
 * What must not be shared between servers: MySQL writes its server UUID (auto.cnf) and its
 * self-signed TLS keys (*.pem) into the data directory; each server makes its own when they are absent.
 */
const isServerIdentity = (path: string) => basename(path) === 'auto.cnf' || path.endsWith('.pem');

/** The template's folder for a server binary (its path and version line) and installer options. */
export function templateDir(
  binary: string,
  version: string,
  installerOptions: readonly string[],
  root = templatesRoot(),
): string {
  const key = createHash('sha256')
    .update(JSON.stringify([binary, version.trim(), installerOptions]))
    .digest('hex')
    .slice(0, 16);
  return join(root, key);
}

/** Copies the template into `dataDir` (which must not exist) and resolves true, or false without one. */
export async function copyTemplate(template: string, dataDir: string): Promise<boolean> {
  if (!existsSync(template)) return false;
  // Asynchronous: the local cloud's bridge starts clusters while it serves the others.
  await cp(template, dataDir, { recursive: true });
  return true;
}

/** Keeps a copy of a freshly installed (and shut down) data directory as the template, unless one exists. */
export async function saveTemplate(dataDir: string, template: string): Promise<void> {
  if (existsSync(template)) return;
  let partial: string | undefined;
  try {
    mkdirSync(dirname(template), { recursive: true });
    partial = mkdtempSync(`${template}.partial-`);
    await cp(dataDir, partial, { recursive: true, filter: (source) => !isServerIdentity(source) });
    renameSync(partial, template);
  } catch {
    // Another start saved it first (the rename found it in place), or the cache cannot be written:
    // the template is an optimisation only.
  } finally {
    if (partial) rmSync(partial, { recursive: true, force: true });
  }
}

/** Removes a template that did not start a server, so the next start installs afresh. */
export function discardTemplate(template: string): void {
  rmSync(template, { recursive: true, force: true });
}
