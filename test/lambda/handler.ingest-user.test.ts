/**
 * The ingestion's own MySQL user, end to end on a real MariaDB: `migrate` (master credentials)
 * creates it idempotently with DML on the application tables only; the ingestion then runs as that
 * user, and the user can neither change the schema nor read other tables. MariaDB has no IAM plugin,
 * so the user gets a password here (INGEST_DB_PASSWORD); in AWS it is IAM-authenticated.
 */
import { randomBytes } from 'node:crypto';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { RESOURCE_NAMES } from '../../lambda/src/constants';
import { type FixtureApiServer, startFixtureApiServer } from '../../local/dataplane/fixtures/api-server';
import { generateDataset } from '../../local/dataplane/fixtures/dataset';
import { type TestDatabase, createTestDatabase, mysqlAdminUrl } from '../harness/mysql';
import { actualTables, expectedTables, invoke, lambdaEnv } from '../harness/lambda';

describe('the ingestion user', () => {
  const dataset = generateDataset(11);
  const user = `ingest_${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let api: FixtureApiServer;
  let database: TestDatabase;
  let admin: Pool;

  beforeAll(async () => {
    api = await startFixtureApiServer({ dataset });
    database = await createTestDatabase('ingest_user');
    admin = createPool({ uri: mysqlAdminUrl(), connectionLimit: 1 });
  });
  afterAll(async () => {
    await admin.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await admin.end();
    await database.drop();
    await api.close();
  });

  const asIngestUser = (extra: Record<string, string> = {}) => {
    const { DB_PASSWORD: _, ...env } = lambdaEnv(database, api.url, extra);
    return { ...env, DB_USER: user, DB_PASSWORD: password };
  };

  it('is created by migrate, idempotently, with DML on the application tables and nothing else', async () => {
    const migrateEnv = lambdaEnv(database, api.url, { INGEST_DB_USER: user, INGEST_DB_PASSWORD: password });

    const first = await invoke(migrateEnv, { action: 'migrate' });
    const second = await invoke(migrateEnv, { action: 'migrate' });

    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.body.statements).toBe(6 + 2 + RESOURCE_NAMES.length);
    const [grants] = await admin.query<RowDataPacket[]>(`SHOW GRANTS FOR ?@'%'`, [user]);
    const lines = grants.map((row) => String(Object.values(row)[0]));
    expect(lines.filter((line) => !line.startsWith('GRANT USAGE'))).toHaveLength(RESOURCE_NAMES.length);
    for (const line of lines.filter((grant) => !grant.startsWith('GRANT USAGE'))) {
      expect(line).toMatch(
        new RegExp(`^GRANT SELECT, INSERT, UPDATE, DELETE ON \`${database.name}\`\\.\`\\w+\` TO`),
      );
    }
  });

  it('runs the ingestion: every resource loads, and a re-run finds it unchanged', async () => {
    const first = await invoke(asIngestUser(), {});
    const second = await invoke(asIngestUser(), {});

    expect(first.statusCode).toBe(200);
    expect(first.body.errors).toEqual([]);
    expect(await actualTables(database.pool)).toEqual(expectedTables(dataset));
    expect(Object.values(second.body.resources).every((report) => report.upserted === 0)).toBe(true);
    expect((await invoke(asIngestUser(), { action: 'counts' })).body.counts?.users).toBe(
      dataset.users.length,
    );
  });

  it('cannot change the schema or read outside its tables', async () => {
    const pool = createPool({ uri: database.url, user, password, connectionLimit: 1 });
    try {
      await expect(pool.query('CREATE TABLE intruder (id INT PRIMARY KEY)')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(pool.query('DROP TABLE users')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(pool.query('SELECT * FROM mysql.user')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(pool.query('SELECT COUNT(*) AS n FROM users')).resolves.toBeDefined();
    } finally {
      await pool.end();
    }
  });

  it("refuses migrate with the ingestion user's own credentials (it may not create tables)", async () => {
    const result = await invoke(asIngestUser(), { action: 'migrate' });

    expect(result.statusCode).toBe(500);
    expect(result.body.errors[0].reason).toMatch(/denied/i);
  });
});
