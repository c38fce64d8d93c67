import { parseColumnType, redshiftTypeFor } from '../../rules/type-mapping';

describe('redshiftTypeFor (S7 type mapping)', () => {
  it.each([
    ['int(11)', 'INTEGER'],
    ['int(10) unsigned', 'BIGINT'],
    ['mediumint(8) unsigned', 'INTEGER'],
    ['smallint(6)', 'SMALLINT'],
    ['tinyint(1)', 'SMALLINT'],
    ['tinyint(3) unsigned', 'SMALLINT'],
    ['bigint(20)', 'BIGINT'],
    ['bigint(20) unsigned', 'DECIMAL(20,0)'],
    ['decimal(10,7)', 'DECIMAL(10,7)'],
    ['decimal(38,37)', 'DECIMAL(38,37)'],
    ['decimal', 'DECIMAL(10,0)'],
    ['float', 'REAL'],
    ['double', 'DOUBLE PRECISION'],
    ['bit(1)', 'VARBYTE(8)'],
    ['binary(16)', 'VARBYTE(16)'],
    ['varbinary(255)', 'VARBYTE(255)'],
    ['char(2)', 'VARCHAR(2)'],
    ['varchar(320)', 'VARCHAR(320)'],
    ['tinytext', 'VARCHAR(255)'],
    ['text', 'VARCHAR(65535)'],
    ["enum('draft','published')", 'VARCHAR(1020)'],
    ["set('a','b,c')", 'VARCHAR(1020)'],
    ['date', 'DATE'],
    ['datetime(3)', 'TIMESTAMP'],
    ['timestamp', 'TIMESTAMP'],
    ['time', 'VARCHAR(18)'],
    ['year(4)', 'VARCHAR(4)'],
    ['json', 'SUPER'],
    ['INT UNSIGNED ZEROFILL', 'BIGINT'],
  ])('maps %s to %s', (columnType, expected) => {
    expect(redshiftTypeFor(columnType)).toEqual({ supported: true, redshiftType: expected });
  });

  it.each(['mediumtext', 'longtext'])('maps %s to VARCHAR(65535) with a truncation warning (S8)', (type) => {
    const mapping = redshiftTypeFor(type);
    expect(mapping).toMatchObject({ supported: true, redshiftType: 'VARCHAR(65535)' });
    expect(mapping.supported && mapping.warning).toMatch(/65535 bytes.*TRUNCATECOLUMNS/);
  });

  it.each(['tinyblob', 'blob', 'mediumblob', 'longblob'])('rejects the BLOB family: %s', (type) => {
    const mapping = redshiftTypeFor(type);
    expect(mapping.supported).toBe(false);
    expect(!mapping.supported && mapping.reason).toMatch(/not replicated by zero-ETL/);
  });

  it.each(['geometry', 'point', 'polygon', 'multilinestring', 'geomcollection'])(
    'rejects spatial type %s',
    (type) => {
      const mapping = redshiftTypeFor(type);
      expect(!mapping.supported && mapping.reason).toMatch(/spatial type/);
    },
  );

  it('rejects a DECIMAL wider than Redshift allows and says how to narrow it', () => {
    const mapping = redshiftTypeFor('decimal(65,30)');
    expect(!mapping.supported && mapping.reason).toMatch(/precision ≤ 38.*DECIMAL\(38,30\)/);
  });

  it('rejects types without any mapping, naming the type', () => {
    const mapping = redshiftTypeFor('uuid');
    expect(!mapping.supported && mapping.reason).toMatch(/type uuid has no Redshift mapping/);
  });
});

describe('parseColumnType', () => {
  it('splits base type, numeric arguments and signedness', () => {
    expect(parseColumnType('decimal(10,7) unsigned')).toEqual({
      base: 'decimal',
      args: [10, 7],
      unsigned: true,
    });
    expect(parseColumnType('double precision')).toEqual({
      base: 'double precision',
      args: [],
      unsigned: false,
    });
  });

  it('ignores enum members, even when they contain parentheses or commas', () => {
    expect(parseColumnType("enum('a(1)','b,2')")).toEqual({ base: 'enum', args: [], unsigned: false });
  });
});
