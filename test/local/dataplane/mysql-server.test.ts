/** The throwaway MySQL server every test and `npm start` run on (local/dataplane/mysql-server.ts). */
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../../rules';
import { ZERO_ETL_BINLOG_ARGS } from '../../../local/dataplane/mysql-server';
import { createTestDatabase, type TestDatabase } from '../../harness/mysql';

describe('the throwaway MySQL server', () => {
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

  it('takes its binlog options from the zero-ETL parameter rules (A3), for every parameter MariaDB has', () => {
    const options = ZERO_ETL_CLUSTER_PARAMETERS.flatMap((parameter) =>
      parameter.serverOption ? [parameter.serverOption] : [],
    );
    expect(options).toEqual(['--binlog-format=ROW', '--binlog-row-image=FULL', '--binlog-row-metadata=FULL']);
    expect(ZERO_ETL_BINLOG_ARGS).toEqual(expect.arrayContaining(['--log-bin=binlog', ...options]));
  });

  it('round-trips 4-byte UTF-8 through a utf8mb4 table', async () => {
    await db.pool.query('CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100)) ENGINE=InnoDB');
    await db.pool.query('INSERT INTO notes VALUES ?', [[[1, 'zero-ETL 🚀 ok']]]);
    const [rows] = await db.pool.query('SELECT id, body FROM notes');
    expect(rows).toEqual([{ id: 1, body: 'zero-ETL 🚀 ok' }]);
  });
});
