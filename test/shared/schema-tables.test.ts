import { readFileSync } from 'node:fs';
import { RESOURCE_NAMES } from '../../lambda/src/constants';
import { SCHEMA_FILE } from '../../paths';
import { tablesCreatedBy } from '../../shared/schema-tables';

describe('the tables a schema file creates', () => {
  it('are the resources of sql/schema.sql, in order', () => {
    expect(tablesCreatedBy(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual([...RESOURCE_NAMES]);
  });

  it('reads quoted names and skips commented-out statements', () => {
    const sql =
      '-- CREATE TABLE old (id INT);\n/* CREATE TABLE gone (id INT); */\nCREATE TABLE `odd``name` (id INT);\ncreate table if not exists plain (id int);';

    expect(tablesCreatedBy(sql)).toEqual(['odd`name', 'plain']);
  });
});
