/**
 * The one information_schema reader (shared/mysql-schema.ts), which the preflight and the local
 * local pipeline both use, against a real server: what it reports is what the rules then judge.
 */
import { describeTable, listBaseTables, readSchemaFacts, readServerFacts } from '../../shared/mysql-schema';
import { createTestDatabase, type TestDatabase } from '../harness/mysql';

describe('the schema reader', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema_reader');
    await db.pool.query(`
      CREATE TABLE parents (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (b, a)) ENGINE=InnoDB;
      CREATE TABLE children (
        id INT NOT NULL PRIMARY KEY,
        doc JSON NULL,
        pa INT NOT NULL,
        pb INT NOT NULL,
        CONSTRAINT children_parent_fk FOREIGN KEY (pb, pa) REFERENCES parents (b, a) ON DELETE CASCADE
      ) ENGINE=InnoDB;
      CREATE TABLE plain (note TEXT) ENGINE=MyISAM;
      CREATE VIEW child_docs AS SELECT id, doc FROM children;`);
  });
  afterAll(() => db.drop());

  it('reports JSON columns as json on every server (MariaDB stores them as longtext + json_valid)', async () => {
    const children = await describeTable(db.pool, db.name, 'children');

    expect(children?.columns).toEqual([
      { name: 'id', columnType: expect.stringMatching(/^int/), nullable: false },
      { name: 'doc', columnType: 'json', nullable: true },
      { name: 'pa', columnType: expect.stringMatching(/^int/), nullable: false },
      { name: 'pb', columnType: expect.stringMatching(/^int/), nullable: false },
    ]);
  });

  it('reads primary keys in key order, engines, foreign-key actions and views', async () => {
    const facts = await readSchemaFacts(db.pool, [db.name]);
    const byName = Object.fromEntries(facts.tables.map((table) => [table.name, table]));

    expect(Object.keys(byName)).toEqual(['children', 'parents', 'plain']);
    expect(byName.parents.primaryKey).toEqual(['b', 'a']);
    expect(byName.plain).toMatchObject({ engine: 'MyISAM', primaryKey: [] });
    expect(byName.children.foreignKeys).toEqual([
      {
        name: 'children_parent_fk',
        referencedTable: 'parents',
        deleteRule: 'CASCADE',
        updateRule: 'RESTRICT',
      },
    ]);
    expect(facts.views).toEqual([{ database: db.name, name: 'child_docs' }]);
    expect(await listBaseTables(db.pool, db.name)).toEqual(['children', 'parents', 'plain']);
    expect(await describeTable(db.pool, db.name, 'child_docs')).toBeUndefined();
  });

  it('reads the server version and the binlog variables the rules check', async () => {
    const server = await readServerFacts(db.pool);

    expect(server.auroraVersion).toBeUndefined();
    expect(server.variables).toMatchObject({ log_bin: 'ON', binlog_format: 'ROW', binlog_row_image: 'FULL' });
  });
});
