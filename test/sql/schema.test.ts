/**
 * sql/schema.sql is the table layout the Lambda writes (RESOURCE_SPECS): loaded into a real server,
 * its tables, columns, keys and types are exactly what the specs say, and it passes every zero-ETL
 * table rule. Adding a table means adding it to both (CONTRIBUTING.md); this fails until they agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateSchema, type TableFacts } from '../../rules';
import { RESOURCE_NAMES } from '../../lambda/src/constants';
import { RESOURCE_SPECS, type FieldType } from '../../lambda/src/domain/resources';
import { readSchemaFacts } from '../../shared/mysql-schema';
import { PROJECT_ROOT } from '../harness/project-files';
import { createTestDatabase, type TestDatabase } from '../harness/mysql';

/** Whether a column type holds what the field's spec says (MariaDB and MySQL 8 spell int widths differently). */
function holds(columnType: string, type: FieldType): boolean {
  switch (type.kind) {
    case 'id':
      return /^int(\(11\))?$/.test(columnType);
    case 'text':
      return type.maxBytes >= 65_535 ? columnType === 'text' : columnType === `varchar(${type.maxBytes})`;
    case 'decimal': {
      const [, precision, scale] = /^decimal\((\d+),(\d+)\)$/.exec(columnType) ?? [];
      return Number(scale) === type.scale && Number(precision) - type.scale >= String(type.limit).length;
    }
    case 'boolean':
      return columnType === 'tinyint(1)';
  }
}

describe('sql/schema.sql', () => {
  let database: TestDatabase;
  let tables: Map<string, TableFacts>;

  beforeAll(async () => {
    database = await createTestDatabase('schema_sql');
    await database.pool.query(readFileSync(join(PROJECT_ROOT, 'sql', 'schema.sql'), 'utf8'));
    const facts = await readSchemaFacts(database.pool, [database.name]);
    tables = new Map(facts.tables.map((table) => [table.name, table]));
  });
  afterAll(() => database.drop());

  it('creates exactly one table per resource', () => {
    expect([...tables.keys()].sort()).toEqual(
      RESOURCE_NAMES.map((name) => RESOURCE_SPECS[name].table).sort(),
    );
  });

  it.each(RESOURCE_NAMES.map((name) => [name]))(
    'gives %s the columns, types and keys of its spec',
    (name) => {
      const spec = RESOURCE_SPECS[name];
      const table = tables.get(spec.table)!;

      expect(table.columns.map((column) => column.name)).toEqual(spec.columns.map((column) => column.column));
      spec.columns.forEach((column, index) => {
        expect({ column: column.column, holds: holds(table.columns[index].columnType, column.type) }).toEqual(
          {
            column: column.column,
            holds: true,
          },
        );
        expect(table.columns[index].nullable).toBe(false);
      });
      expect(table.primaryKey).toEqual(['id']);
      expect(table.foreignKeys).toEqual(
        spec.parent
          ? [
              {
                name: expect.any(String),
                referencedTable: RESOURCE_SPECS[spec.parent.resource].table,
                deleteRule: 'RESTRICT',
                updateRule: 'RESTRICT',
              },
            ]
          : [],
      );
    },
  );

  it('breaks no zero-ETL table rule (S1, S2, S3, S7, S9)', () => {
    const { checks } = evaluateSchema({
      databases: [database.name],
      tables: [...tables.values()],
      views: [],
    });

    expect(checks.filter((check) => check.status !== 'pass')).toEqual([]);
  });
});
