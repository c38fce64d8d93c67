import type { RowDataPacket } from 'mysql2/promise';
import { generateDataset } from '../../../../local/dataplane/fixtures/dataset';
import { Replicator } from '../../../../local/dataplane/cdc/replicator';
import { Warehouse } from '../../../../local/dataplane/warehouse/warehouse';
import { createTestDatabase, mysqlAdminUrl, type TestDatabase } from '../../../harness/mysql';
import { loadIntoMysql } from '../../../harness/fixture-tables';

const TYPED_TABLE = `CREATE TABLE typed (
  id INT NOT NULL PRIMARY KEY, big BIGINT UNSIGNED, ratio DOUBLE, raw VARBINARY(8), doc JSON, day DATE,
  at DATETIME(3), span TIME, yr YEAR, mood ENUM('happy', 'sad'), note TEXT, empty VARCHAR(10), missing INT
) ENGINE = InnoDB`;
const TYPED_ROW = (id: number) =>
  `(${id}, 18446744073709551615, 0.5, 0x00ff10, '{"a": [1, "x"]}', '2026-02-03', '2026-02-03 04:05:06.789', ` +
  `'12:34:56', 2026, 'sad', 'comma, "quote"\nnew line', '', NULL)`;
const TYPED_COLUMNS =
  `id, big::text AS big, ratio, encode(raw, 'hex') AS raw, doc, day::text AS day, at::text AS at, ` +
  `span, yr, mood, note, empty, missing`;

describe('local zero-ETL replication (snapshot + binlog CDC into PGlite)', () => {
  let source: TestDatabase;
  let warehouse: Warehouse;
  let replicator: Replicator;
  const dataset = generateDataset(7, {
    users: 4,
    posts: 12,
    comments: 30,
    albums: 6,
    photos: 300,
    todos: 20,
  });
  const warehouseRows = async (sql: string) => (await warehouse.query(sql, source.name)).rows;

  beforeAll(async () => {
    source = await createTestDatabase('local_cdc');
    await loadIntoMysql(source.pool, dataset);
    await source.pool.query(TYPED_TABLE);
    await source.pool.query(`INSERT INTO typed VALUES ${TYPED_ROW(1)}`);
    warehouse = await Warehouse.open();
    replicator = await Replicator.start({ sourceUrl: mysqlAdminUrl(), database: source.name, warehouse });
  });

  afterAll(async () => {
    await replicator?.stop();
    await warehouse?.close();
    await source?.drop();
  });

  it('copies every existing row in the initial snapshot, with Redshift-mapped types', async () => {
    expect(Object.fromEntries(replicator.progress().snapshot.rows)).toEqual({
      albums: 6,
      comments: 30,
      photos: 300,
      posts: 12,
      todos: 20,
      typed: 1,
      users: 4,
    });
    const [user] = await warehouseRows('SELECT id, geo_lat, geo_lng FROM users WHERE id = 1');
    expect(user).toEqual({
      id: 1,
      geo_lat: Number(dataset.users[0].address.geo.lat).toFixed(7),
      geo_lng: Number(dataset.users[0].address.geo.lng).toFixed(7),
    });
    const types = await warehouseRows(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = '${source.name}' AND table_name = 'todos' ORDER BY ordinal_position`,
    );
    expect(types.map((row) => `${row.column_name}:${row.data_type}`)).toEqual([
      'id:integer',
      'user_id:integer',
      'title:character varying',
      'completed:smallint',
    ]);
  });

  it('maps every supported type the same way in the snapshot and in the binlog stream', async () => {
    await source.pool.query(`INSERT INTO typed VALUES ${TYPED_ROW(2)}`);
    await replicator.caughtUp();

    const rows = await warehouseRows(`SELECT ${TYPED_COLUMNS} FROM typed ORDER BY id`);

    const expected = {
      big: '18446744073709551615',
      ratio: 0.5,
      raw: '00ff10',
      doc: { a: [1, 'x'] },
      day: '2026-02-03',
      at: '2026-02-03 04:05:06.789',
      span: '12:34:56',
      yr: '2026',
      mood: 'sad',
      note: 'comma, "quote"\nnew line',
      empty: '',
      missing: null,
    };
    expect(rows).toEqual([
      { id: 1, ...expected },
      { id: 2, ...expected },
    ]);
  });

  it('applies inserts, updates (including primary-key changes) and deletes made at the source', async () => {
    await source.pool.query(`INSERT INTO todos VALUES (1001, 1, 'new todo', 0), (1002, 2, 'another', 1)`);
    await source.pool.query(`UPDATE todos SET title = 'renamed', completed = 1 WHERE id = 1001`);
    await source.pool.query(`UPDATE todos SET id = 2002 WHERE id = 1002`);
    await source.pool.query(`DELETE FROM todos WHERE id IN (1, 2)`);

    await replicator.caughtUp();

    const [expected] = await source.pool.query<RowDataPacket[]>(
      'SELECT id, title, completed FROM todos ORDER BY id',
    );
    expect(await warehouseRows('SELECT id, title, completed FROM todos ORDER BY id')).toEqual(
      expected.map((row) => ({ ...row })),
    );
    expect(await warehouseRows('SELECT id FROM todos WHERE id IN (1, 2, 1002)')).toEqual([]);
  });

  it('picks up a table created while running and replicates its rows, JSON as jsonb', async () => {
    await source.pool.query(
      `CREATE TABLE events (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, payload JSON, at DATETIME(3)) ENGINE = InnoDB`,
    );
    await source.pool.query(
      `INSERT INTO events VALUES (1, '{"kind":"signup","n":1}', '2026-01-02 03:04:05.678'), (2, NULL, NULL)`,
    );

    await replicator.caughtUp();

    expect(replicator.tableStates().find((row) => row.table === 'events')).toMatchObject({ state: 'Synced' });
    expect(
      await warehouseRows(`SELECT id, payload->>'kind' AS kind, at::text AS at FROM events ORDER BY id`),
    ).toEqual([
      { id: '1', kind: 'signup', at: '2026-01-02 03:04:05.678' },
      { id: '2', kind: null, at: null },
    ]);
  });

  it('marks new tables Failed with the reason when they have no primary key or a cascading foreign key', async () => {
    await source.pool.query('CREATE TABLE audit_log (message VARCHAR(100)) ENGINE = InnoDB');
    await source.pool.query(`INSERT INTO audit_log VALUES ('not replicated')`);
    await source.pool.query(
      `CREATE TABLE post_tags (id INT NOT NULL PRIMARY KEY, post_id INT NOT NULL,
         CONSTRAINT post_tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE) ENGINE = InnoDB`,
    );
    await source.pool.query('INSERT INTO post_tags VALUES (1, 1)');
    await source.pool.query('CREATE TABLE avatars (id INT NOT NULL PRIMARY KEY, image BLOB) ENGINE = InnoDB');

    await replicator.caughtUp();

    const states = Object.fromEntries(replicator.tableStates().map((row) => [row.table, row]));
    expect(states.audit_log).toMatchObject({
      state: 'Failed',
      reason: expect.stringMatching(/^S1 [^ ]+\.audit_log: no primary key/),
    });
    expect(states.post_tags).toMatchObject({
      state: 'Failed',
      reason: expect.stringMatching(
        /^S3 [^ ]+\.post_tags: foreign key post_tags_post_fk → posts uses ON DELETE CASCADE/,
      ),
    });
    expect(states.avatars).toMatchObject({
      state: 'Failed',
      reason: expect.stringMatching(/^S7 [^ ]+\.avatars\.image: \w+ is unsupported/),
    });
    const tables = await warehouseRows(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${source.name}' ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).not.toEqual(expect.arrayContaining(['audit_log']));
    expect(tables.map((row) => row.table_name)).not.toEqual(expect.arrayContaining(['post_tags']));
  });

  it('resyncs a table whose shape changes and drops one dropped at the source', async () => {
    await source.pool.query(`ALTER TABLE albums ADD COLUMN rating TINYINT NULL`);
    await source.pool.query(`UPDATE albums SET rating = 5 WHERE id = 1`);
    await source.pool.query(`DROP TABLE events`);

    await replicator.caughtUp();

    expect(await warehouseRows('SELECT id, rating FROM albums WHERE id <= 2 ORDER BY id')).toEqual([
      { id: 1, rating: 5 },
      { id: 2, rating: null },
    ]);
    expect(replicator.tableStates().find((row) => row.table === 'events')).toMatchObject({
      state: 'DroppedSource',
    });
  });

  it('converges on the source when writes run during the initial snapshot', async () => {
    const busy = await createTestDatabase('local_cdc_busy');
    await busy.pool.query(
      'CREATE TABLE counters (id INT NOT NULL PRIMARY KEY, n INT NOT NULL) ENGINE = InnoDB',
    );
    await busy.pool.query('INSERT INTO counters VALUES ?', [
      Array.from({ length: 2000 }, (_, i) => [i + 1, 0]),
    ]);
    let writing = true;
    const writer = (async () => {
      for (let round = 1; writing; round++) {
        await busy.pool.query('UPDATE counters SET n = n + 1 WHERE id % 7 = ?', [round % 7]);
        await busy.pool.query('DELETE FROM counters WHERE id = ?', [round]);
        await busy.pool.query('INSERT INTO counters VALUES (?, ?)', [10_000 + round, round]);
      }
    })();
    let busyReplicator: Replicator | undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      busyReplicator = await Replicator.start({ sourceUrl: mysqlAdminUrl(), database: busy.name, warehouse });
      await new Promise((resolve) => setTimeout(resolve, 300));
      writing = false;
      await writer;

      await busyReplicator.caughtUp();

      const [expected] = await busy.pool.query<RowDataPacket[]>('SELECT id, n FROM counters ORDER BY id');
      const { rows } = await warehouse.query('SELECT id, n FROM counters ORDER BY id', busy.name);
      expect(rows).toEqual(expected.map((row) => ({ ...row })));
    } finally {
      writing = false;
      await writer;
      await busyReplicator?.stop();
      await busy.drop();
    }
  });

  it('measures replication lag from heartbeats', () => {
    const lag = replicator.lag.overall();

    expect(lag.samples).toBeGreaterThan(0);
    expect(lag.p95).toBeLessThan(5_000);
  });
});
