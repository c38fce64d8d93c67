import { evaluateSchema, type SchemaFacts, type TableFacts } from '../../rules';

const table = (overrides: Partial<TableFacts> = {}): TableFacts => ({
  database: 'app',
  name: 'users',
  engine: 'InnoDB',
  primaryKey: ['id'],
  columns: [{ name: 'id', columnType: 'int(11)', nullable: false }],
  foreignKeys: [],
  ...overrides,
});
const facts = (...tables: TableFacts[]): SchemaFacts => ({ databases: ['app'], tables, views: [] });

describe('evaluateSchema', () => {
  it('passes a zero-ETL-ready table on every rule and maps its columns', () => {
    const result = evaluateSchema(facts(table()));

    expect(result.checks.map((check) => [check.rule, check.status])).toEqual([
      ['S1', 'pass'],
      ['S2', 'pass'],
      ['S3', 'pass'],
      ['S7', 'pass'],
      ['S10', 'pass'],
      ['S9', 'pass'],
    ]);
    expect(result.columns).toEqual([
      { table: 'app.users', column: 'id', mysqlType: 'int(11)', redshiftType: 'INTEGER', status: 'pass' },
    ]);
  });

  it('accepts RESTRICT and NO ACTION foreign keys (S3)', () => {
    const foreignKeys = [
      { name: 'a', referencedTable: 'p', deleteRule: 'RESTRICT', updateRule: 'NO ACTION' },
      { name: 'b', referencedTable: 'p', deleteRule: 'NO ACTION', updateRule: 'RESTRICT' },
    ];

    const s3 = evaluateSchema(facts(table({ foreignKeys }))).checks.filter((check) => check.rule === 'S3');

    expect(s3).toEqual([
      expect.objectContaining({ status: 'pass', message: '2 foreign key(s), none cascading' }),
    ]);
  });

  it('fails ON UPDATE SET DEFAULT like the other cascading actions (S3)', () => {
    const foreignKeys = [
      { name: 'fk', referencedTable: 'p', deleteRule: 'RESTRICT', updateRule: 'SET DEFAULT' },
    ];

    const s3 = evaluateSchema(facts(table({ foreignKeys }))).checks.filter((check) => check.rule === 'S3');

    expect(s3).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('SET DEFAULT') }),
    ]);
  });

  it('fails table and database names over 127 bytes (S9)', () => {
    const longName = 'é'.repeat(64); // 128 bytes in UTF-8

    const checks = evaluateSchema(facts(table({ name: longName, database: longName }))).checks;

    expect(checks.filter((check) => check.rule === 'S9').map((check) => check.message)).toEqual([
      'database name is 128 bytes; Redshift identifiers are at most 127',
      'table name is 128 bytes; Redshift identifiers are at most 127',
    ]);
  });

  it('matches reserved column names case-insensitively (S9)', () => {
    const columns = [
      { name: 'id', columnType: 'int(11)', nullable: false },
      { name: 'CTID', columnType: 'varchar(10)', nullable: false },
    ];

    const checks = evaluateSchema(facts(table({ columns }))).checks;

    expect(checks).toContainEqual(
      expect.objectContaining({ rule: 'S9', subject: 'app.users.CTID', status: 'fail' }),
    );
  });

  it('warns when the selected databases hold no tables', () => {
    expect(evaluateSchema(facts()).checks).toEqual([
      expect.objectContaining({ status: 'warn', message: 'no tables found: nothing would be replicated' }),
    ]);
  });

  it('fails a table wider than Redshift allows (S10), and names a fix that can work', () => {
    const columns = Array.from({ length: 1700 }, (_, i) => ({
      name: `c${i}`,
      columnType: 'int',
      nullable: true,
    }));

    const checks = evaluateSchema(facts(table({ columns, engine: 'MyISAM' }))).checks;

    expect(checks.find((check) => check.rule === 'S10')).toMatchObject({
      status: 'fail',
      message: '1700 columns: Redshift tables have at most 1600, so the table will fail replication',
    });
    // ENGINE = InnoDB cannot work for it: InnoDB holds at most 1,017 columns.
    expect(checks.find((check) => check.rule === 'S2')?.fix).toMatch(
      /^split it first: InnoDB holds at most 1017 columns/,
    );
  });

  it('writes the database into the fixes, and only the table name for a schema file', () => {
    const withDatabase = evaluateSchema(facts(table({ primaryKey: [] }))).checks;
    const fromFile = evaluateSchema({
      databases: [],
      tables: [table({ database: '', primaryKey: [] })],
      views: [],
    }).checks;

    expect(withDatabase.find((check) => check.rule === 'S1')).toMatchObject({
      subject: 'app.users',
      fix: 'ALTER TABLE `app`.`users` ADD PRIMARY KEY (<unique, non-null columns>)',
    });
    expect(fromFile.find((check) => check.rule === 'S1')).toMatchObject({
      subject: 'users',
      fix: 'ALTER TABLE `users` ADD PRIMARY KEY (<unique, non-null columns>)',
    });
  });
});
