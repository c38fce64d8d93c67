import type { TableFacts } from '../../../../rules';
import { evaluateReplication } from '../../../../local/dataplane/cdc/table-state';

const table = (overrides: Partial<TableFacts> = {}): TableFacts => ({
  database: 'app',
  name: 't',
  engine: 'InnoDB',
  columns: [
    { name: 'id', columnType: 'int(11)', nullable: false },
    { name: 'doc', columnType: 'json', nullable: true },
  ],
  primaryKey: ['id'],
  foreignKeys: [],
  ...overrides,
});

describe('table state evaluation (SVV_INTEGRATION_TABLE_STATE rules)', () => {
  it('accepts a table with a primary key and supported types, mapping JSON to SUPER (jsonb locally)', () => {
    expect(evaluateReplication(table())).toEqual({
      replicable: true,
      columns: [
        { name: 'id', redshiftType: 'INTEGER', postgresType: 'INTEGER' },
        { name: 'doc', redshiftType: 'SUPER', postgresType: 'JSONB' },
      ],
    });
  });

  it('fails a table without a primary key, with a cascading foreign key, or with an unsupported type', () => {
    expect(evaluateReplication(table({ primaryKey: [] }))).toMatchObject({
      replicable: false,
      reason: 'S1 app.t: no primary key: the table will fail replication',
      fix: expect.stringMatching(/^ALTER TABLE `app`\.`t` ADD PRIMARY KEY/),
    });
    expect(
      evaluateReplication(
        table({
          foreignKeys: [{ name: 'fk', referencedTable: 'p', deleteRule: 'RESTRICT', updateRule: 'SET NULL' }],
        }),
      ),
    ).toMatchObject({
      replicable: false,
      reason: /^S3 app\.t: foreign key fk → p uses ON DELETE RESTRICT \/ ON UPDATE SET NULL/,
    });
    expect(
      evaluateReplication(
        table({
          columns: [
            { name: 'id', columnType: 'int', nullable: false },
            { name: 'g', columnType: 'point', nullable: true },
          ],
        }),
      ),
    ).toMatchObject({
      replicable: false,
      reason: 'S7 app.t.g: point is unsupported',
      fix: expect.stringMatching(/^spatial type POINT is not replicated/),
    });
    expect(evaluateReplication(table({ engine: 'MyISAM' }))).toMatchObject({
      replicable: false,
      reason: /^S2 app\.t: engine MyISAM: only InnoDB tables are replicated/,
    });
  });

  it('accepts RESTRICT and NO ACTION foreign keys', () => {
    const fk = { name: 'fk', referencedTable: 'p', deleteRule: 'NO ACTION', updateRule: 'RESTRICT' };
    expect(evaluateReplication(table({ foreignKeys: [fk] }))).toMatchObject({ replicable: true });
  });
});
