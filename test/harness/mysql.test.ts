import { createTestDatabase, type TestDatabase } from './mysql';

describe('MySQL harness', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('harness');
  });
  afterAll(async () => db.drop());

  it('runs a server configured like Aurora for zero-ETL (binlog ROW, FULL image, FULL metadata)', async () => {
    const [rows] = await db.pool.query(
      'SELECT @@log_bin AS logBin, @@binlog_format AS format, @@binlog_row_image AS image, @@binlog_row_metadata AS metadata',
    );
    expect(rows).toEqual([{ logBin: 1, format: 'ROW', image: 'FULL', metadata: 'FULL' }]);
  });

  it('round-trips 4-byte UTF-8 through a utf8mb4 table', async () => {
    await db.pool.query('CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100)) ENGINE=InnoDB');
    await db.pool.query('INSERT INTO notes VALUES ?', [[[1, 'zero-ETL 🚀 ok']]]);
    const [rows] = await db.pool.query('SELECT id, body FROM notes');
    expect(rows).toEqual([{ id: 1, body: 'zero-ETL 🚀 ok' }]);
  });
});
