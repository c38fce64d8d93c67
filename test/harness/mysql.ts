/**
 * The MySQL harness for tests: every test file gets its own database on the shared server
 * started by jest's global setup (or on MYSQL_URL), so files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { createPool, type Pool } from 'mysql2/promise';

export function mysqlAdminUrl(): string {
  const url = process.env.MYSQL_URL;
  if (!url)
    throw new Error(
      'MYSQL_URL is not set: this spec needs MariaDB, which jest starts for the e2e tier and `npm test` only; list it under e2e in test/harness/tiers.js (or set MYSQL_URL).',
    );
  return url;
}

/** `mysql://user:pw@host:port/<database>` on the shared server. */
export function urlForDatabase(database: string, base: string = mysqlAdminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** A pool on the database (multipleStatements on, for loading SQL files). */
  readonly pool: Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = createPool({ uri: mysqlAdminUrl(), connectionLimit: 1 });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = urlForDatabase(name);
  const pool = createPool({ uri: url, multipleStatements: true, connectionLimit: 5 });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      const cleanup = createPool({ uri: mysqlAdminUrl(), connectionLimit: 1 });
      await cleanup.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await cleanup.end();
    },
  };
}
