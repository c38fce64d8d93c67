import { countUpsert, upsertSql } from '../../../lambda/src/adapters/mysql-record-repository';
import { RESOURCE_SPECS } from '../../../lambda/src/domain/resources';

describe('upsertSql', () => {
  it('writes one multi-row upsert with VALUES(col), which MySQL 8.0 and MariaDB both accept', () => {
    expect(upsertSql(RESOURCE_SPECS.todos)).toBe(
      'INSERT INTO `todos` (`id`, `user_id`, `title`, `completed`) VALUES ? ON DUPLICATE KEY UPDATE ' +
        '`user_id` = VALUES(`user_id`), `title` = VALUES(`title`), `completed` = VALUES(`completed`)',
    );
  });
});

describe('countUpsert (no CLIENT_FOUND_ROWS: 1 per insert, 2 per change, 0 per unchanged row)', () => {
  it.each([
    ['3 inserts', 3, 3, 'Records: 3  Duplicates: 0  Warnings: 0', { upserted: 3, unchanged: 0 }],
    [
      '1 insert, 1 change, 1 unchanged',
      3,
      3,
      'Records: 3  Duplicates: 1  Warnings: 0',
      { upserted: 2, unchanged: 1 },
    ],
    ['all unchanged', 2, 0, 'Records: 2  Duplicates: 0  Warnings: 0', { upserted: 0, unchanged: 2 }],
    ['one row inserted', 1, 1, '', { upserted: 1, unchanged: 0 }],
    ['one row changed', 1, 2, '', { upserted: 1, unchanged: 0 }],
    ['one row unchanged', 1, 0, '', { upserted: 0, unchanged: 1 }],
  ])('%s', (_label, records, affectedRows, info, expected) => {
    expect(countUpsert(records, { affectedRows, info })).toEqual(expected);
  });

  it('refuses to guess a multi-row count without the server info', () => {
    expect(() => countUpsert(5, { affectedRows: 5, info: '' })).toThrow(/no "Records\/Duplicates" info/);
  });
});
