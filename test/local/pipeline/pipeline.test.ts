import { randomBytes } from 'node:crypto';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { loadAnalyticsQueries } from '../../../local/dataplane/warehouse/analytics';
import { generateDataset, RESOURCES } from '../../../local/dataplane/fixtures/dataset';
import { startPipeline, type IngestRun, type Pipeline } from '../../../local/pipeline/pipeline';
import { parseRunBody } from '../../../local/pipeline/report';
import { mysqlAdminUrl } from '../../harness/mysql';

/** Every connection the pipeline opens uses this account, so the test can tell they are all gone. */
async function createPipelineUser(admin: Pool): Promise<{ user: string; url: string }> {
  const user = `pipe_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(8).toString('hex');
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
  await admin.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'%' WITH GRANT OPTION`);
  const url = new URL(mysqlAdminUrl());
  url.username = user;
  url.password = password;
  url.pathname = '/';
  return { user, url: url.toString() };
}

async function connectionsOf(admin: Pool, user: string): Promise<string[]> {
  const [rows] = await admin.query<RowDataPacket[]>(
    'SELECT COMMAND AS command FROM information_schema.PROCESSLIST WHERE USER = ?',
    [user],
  );
  return rows.map((row) => String(row.command));
}

describe('npm start pipeline (source → real Lambda → binlog CDC → warehouse → analytics)', () => {
  const seed = 11;
  const dataset = generateDataset(seed);
  const database = `local_pipeline_${randomBytes(4).toString('hex')}`;
  let admin: Pool;
  let account: { user: string; url: string };
  let pipeline: Pipeline;
  let run: IngestRun;

  beforeAll(async () => {
    admin = createPool({ uri: mysqlAdminUrl(), connectionLimit: 2, multipleStatements: true });
    account = await createPipelineUser(admin);
    pipeline = await startPipeline({ mysqlUrl: account.url, database, seed, heartbeatIntervalMs: 100 });
    run = await pipeline.ingest();
  });

  afterAll(async () => {
    await pipeline?.stop();
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`DROP USER IF EXISTS '${account.user}'@'%'`);
    await admin.end();
  });

  it('applies the schema and reports a passing preflight', () => {
    expect(pipeline.preflight).toMatchObject({ ok: true, summary: { failed: 0 } });
  });

  it('ingests the whole fixture through the real Lambda and replicates every row into the warehouse', async () => {
    const report = parseRunBody(run.result);
    expect(run.result.statusCode).toBe(200);
    expect(report?.total_records).toBe(RESOURCES.reduce((sum, name) => sum + dataset[name].length, 0));

    const summary = await pipeline.summary();

    expect(Object.fromEntries(summary.rowCounts)).toEqual(
      Object.fromEntries(RESOURCES.map((name) => [name, dataset[name].length])),
    );
    expect(summary.states.every((row) => row.state === 'Synced')).toBe(true);
    expect(summary.changesApplied).toBeGreaterThanOrEqual(report?.total_records ?? Infinity);
  });

  it('returns analytics equal to the fixture and to the same SQL run on the source', async () => {
    const results = await pipeline.analytics();

    expect(results.map((result) => result.name)).toEqual(loadAnalyticsQueries().map((query) => query.name));
    for (const result of results) {
      expect(result).toMatchObject({ ok: true });
      const query = loadAnalyticsQueries().find((candidate) => candidate.name === result.name);
      const [sourceRows] = await admin.query<RowDataPacket[]>(`USE \`${database}\`; ${query?.sql}`);
      const normalise = (rows: readonly Record<string, unknown>[]) =>
        rows.map((row) =>
          Object.values(row).map((value) =>
            value === null ? null : Number.isNaN(Number(value)) ? String(value) : Number(value),
          ),
        );
      expect(normalise(result.ok ? result.rows : [])).toEqual(
        normalise((sourceRows as unknown as RowDataPacket[][])[1]),
      );
    }
    const postsPerUser = results.find((result) => result.name === 'posts_per_user');
    const expected = new Map<number, number>();
    for (const post of dataset.posts) expected.set(post.userId, (expected.get(post.userId) ?? 0) + 1);
    expect(
      postsPerUser?.ok &&
        Object.fromEntries(postsPerUser.rows.map((row) => [row.user_id, Number(row.post_count)])),
    ).toEqual(Object.fromEntries(dataset.users.map((user) => [user.id, expected.get(user.id) ?? 0])));
  });

  it('replicates a change made at the source after ingestion', async () => {
    await admin.query(`UPDATE \`${database}\`.todos SET completed = 1 - completed WHERE id = 1`);
    await pipeline.replicator.caughtUp();

    const { rows } = await pipeline.warehouse.query('SELECT completed FROM todos WHERE id = 1', database);

    expect(rows).toEqual([{ completed: dataset.todos[0].completed ? 0 : 1 }]);
  });

  it('leaves nothing running after stop: no connection, no binlog dump, no API server, no warehouse', async () => {
    const apiUrl = pipeline.apiUrl;
    expect(await connectionsOf(admin, account.user)).toContain('Binlog Dump');

    await pipeline.stop();

    let remaining = await connectionsOf(admin, account.user);
    for (let attempt = 0; attempt < 50 && remaining.length > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = await connectionsOf(admin, account.user);
    }
    expect(remaining).toEqual([]);
    await expect(fetch(`${apiUrl}users`)).rejects.toThrow();
    await expect(pipeline.warehouse.query('SELECT 1')).rejects.toThrow();
  });
});
