/** The mysql2 pool adapter against the real test server: rotation of credentials (1045). */
import { randomBytes } from 'node:crypto';
import { MysqlDatabase } from '../../../lambda/src/adapters/mysql-database';
import { parseConfig } from '../../../lambda/src/config';
import { DatabaseError } from '../../../lambda/src/errors';
import { createLogger } from '../../../lambda/src/logger';
import type { DbCredentials, SecretSource } from '../../../lambda/src/ports';
import { type TestDatabase, createTestDatabase } from '../../harness/mysql';

/** A SecretSource whose answers change on refresh, like a rotated RDS secret. */
function rotatingSecret(answers: DbCredentials[]) {
  const calls: ({ refresh?: boolean } | undefined)[] = [];
  let current = 0;
  const source: SecretSource = {
    async getCredentials(options) {
      calls.push(options);
      if (options?.refresh) current = Math.min(current + 1, answers.length - 1);
      return answers[current];
    },
  };
  return { source, calls };
}

describe('MysqlDatabase', () => {
  let database: TestDatabase;
  const user = `rot_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(9).toString('hex');
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (line) => logs.push(line) } });

  beforeAll(async () => {
    database = await createTestDatabase('lambda_rotation');
    await database.pool.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await database.pool.query(`GRANT ALL ON \`${database.name}\`.* TO '${user}'@'%'`);
  });
  afterAll(async () => {
    await database.pool.query(`DROP USER '${user}'@'%'`);
    await database.drop();
  });

  const configFor = () => {
    const url = new URL(database.url);
    return parseConfig({ DB_HOST: url.hostname, DB_PORT: url.port, DB_NAME: database.name, DB_USER: user })
      .db;
  };

  it('re-reads the secret once after access denied and connects with the new password', async () => {
    const secret = rotatingSecret([
      { user, password: 'stale-password' },
      { user, password },
    ]);
    const db = new MysqlDatabase(configFor(), secret.source, logger);

    const connection = await db.getConnection();
    const [rows] = await connection.query('SELECT CURRENT_USER() AS who');
    connection.release();
    await db.dispose();

    expect((rows as { who: string }[])[0].who).toBe(`${user}@%`);
    expect(secret.calls).toEqual([undefined, { refresh: true }]);
    expect(logs.join('\n')).not.toContain(password);
  });

  it('gives up after one refresh, naming the fix', async () => {
    const secret = rotatingSecret([
      { user, password: 'wrong-1' },
      { user, password: 'wrong-2' },
    ]);
    const db = new MysqlDatabase(configFor(), secret.source, logger);

    const attempt = db.getConnection();

    await expect(attempt).rejects.toThrow(DatabaseError);
    await expect(attempt).rejects.toThrow(
      /Access denied .*\(check the credentials: DB_IAM_USER and rds-db:connect, DB_SECRET_ARN, or DB_USER\/DB_PASSWORD\)$/,
    );
    await expect(attempt).rejects.toMatchObject({ errno: 1045 });
    expect(secret.calls).toHaveLength(2);
    await db.dispose();
  });
});
