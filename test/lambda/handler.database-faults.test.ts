/**
 * End to end: the real handler when the database misbehaves or is shared. A killed connection
 * leaves no partial batch and a re-run converges; concurrent runs take turns; deletes never break
 * ON DELETE RESTRICT and never empty a table because the source returned nothing.
 */
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { generateDataset } from '../../local/dataplane/fixtures/dataset';
import { mysqlAdminUrl } from '../harness/mysql';
import { lambdaWorld } from '../harness/lambda-world';
import { actualTables, cloneDataset, expectedTables, invoke, invokeAll, rowCounts } from '../harness/lambda';
import { RESOURCE_NAMES as RESOURCES } from '../../lambda/src/constants';

describe('ingestion handler with database faults (end to end)', () => {
  const dataset = generateDataset(17);
  const world = lambdaWorld({ dataset, databasePrefix: 'lambda_dbfaults' });

  it('rolls back the batch whose connection is killed, answers 207, and a re-run converges', async () => {
    // Arrange: the photos batch holding id 2600 (ids 2501…3000) stalls long enough to be killed.
    await world.database.pool.query(
      'CREATE TRIGGER photos_stall BEFORE INSERT ON photos FOR EACH ROW BEGIN IF NEW.id = 2600 THEN DO SLEEP(10); END IF; END',
    );
    const admin = await createConnection({ uri: mysqlAdminUrl() });

    // Act: kill the connection while the INSERT is running.
    const running = invoke(world.env);
    let killed = false;
    for (let i = 0; i < 200 && !killed; i++) {
      const [rows] = await admin.query<RowDataPacket[]>(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE = 'User sleep'",
        [world.database.name],
      );
      if (rows.length > 0) {
        await admin.query(`KILL CONNECTION ${Number(rows[0].ID)}`);
        killed = true;
      } else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const result = await running;
    await admin.end();

    // Assert: the killed batch left nothing behind; every other batch is whole or absent. With two
    // write connections, batches after the stalled one may have committed on the other connection.
    expect(killed).toBe(true);
    expect(result.statusCode).toBe(207);
    const photos = result.body.resources.photos;
    expect(photos.fetched).toBe(5000);
    expect(result.body.errors.find((e) => e.resource === 'photos')?.reason).toMatch(
      new RegExp(
        `^batch of 500 rows \\(ids 2501…3000\\) rolled back, ${5000 - photos.upserted} rows not stored: `,
      ),
    );
    const [perBatch] = await world.database.pool.query<RowDataPacket[]>(
      'SELECT FLOOR((id - 1) / 500) AS batch, COUNT(*) AS n FROM photos GROUP BY batch ORDER BY batch',
    );
    const stored = perBatch.map((row) => ({ batch: Number(row.batch), n: Number(row.n) }));
    expect(stored.every(({ n }) => n === 500)).toBe(true);
    expect(stored.map(({ batch }) => batch)).not.toContain(5);
    expect(stored.map(({ batch }) => batch).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(stored.length * 500).toBe(photos.upserted);

    // Act again: the source is unchanged, the stall removed.
    await world.database.pool.query('DROP TRIGGER photos_stall');
    const rerun = await invoke(world.env);

    expect(rerun.statusCode).toBe(200);
    expect(rerun.body.resources.photos).toEqual({
      fetched: 5000,
      upserted: 5000 - photos.upserted,
      unchanged: photos.upserted,
      rejected: 0,
      deleted: 0,
    });
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('lets two concurrent runs take turns: no duplicates, no failed run', async () => {
    const [first, second] = await invokeAll(world.env, [{}, {}]);

    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    for (const name of RESOURCES) {
      const runs = [first.body.resources[name], second.body.resources[name]];
      expect(runs[0].upserted + runs[1].upserted).toBe(dataset[name].length);
      expect(runs[0].unchanged + runs[1].unchanged).toBe(dataset[name].length);
    }
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('keeps a row gone from the source while child rows still reference it (ON DELETE RESTRICT)', async () => {
    await invoke(world.env);
    world.api.dataset = { ...cloneDataset(dataset), users: dataset.users.filter((u) => u.id !== 10) };

    const result = await invoke(world.env, { action: 'ingest', resources: ['users'] });

    expect(result.statusCode).toBe(207);
    expect(result.body.resources.users).toEqual({
      fetched: 9,
      upserted: 0,
      unchanged: 9,
      rejected: 0,
      deleted: 0,
    });
    expect(result.body.errors).toEqual([
      { resource: 'users', id: 10, reason: 'gone from the source but still referenced by child rows: kept' },
    ]);
    expect((await rowCounts(world.database.pool)).users).toBe(10);
  });

  it('deletes nothing when the source returns no records for a resource', async () => {
    await invoke(world.env);
    world.api.dataset = { ...cloneDataset(dataset), todos: [] };

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(207);
    expect(result.body.resources.todos).toEqual({
      fetched: 0,
      upserted: 0,
      unchanged: 0,
      rejected: 0,
      deleted: 0,
    });
    expect(result.body.errors).toEqual([
      { resource: 'todos', reason: 'the source returned no valid records: nothing was deleted' },
    ]);
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });
});
