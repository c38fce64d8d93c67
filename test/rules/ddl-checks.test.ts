import { resyncingDdl } from '../../rules';

describe('DDL that forces a resync (S6)', () => {
  it.each([
    ['ALTER TABLE posts ADD COLUMN views INT FIRST', 'posts', /FIRST or AFTER/],
    ['ALTER TABLE `app`.`posts` ADD COLUMN views INT AFTER title', 'app.posts', /FIRST or AFTER/],
    [
      'ALTER TABLE posts ADD COLUMN seen_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP',
      'posts',
      /TIMESTAMP/,
    ],
    ['ALTER TABLE posts ADD COLUMN a INT, ADD COLUMN b INT', 'posts', /2 column operations/],
    ['alter table posts drop column a, modify b bigint', 'posts', /2 column operations/],
    ['ALTER TABLE posts ADD COLUMN a DECIMAL(10,2), CHANGE b c INT', 'posts', /2 column operations/],
  ])('flags %s', (statement, table, reason) => {
    const found = resyncingDdl(statement);

    expect(found?.table).toBe(table);
    expect(found?.reason).toMatch(reason);
  });

  it.each([
    'ALTER TABLE posts ADD COLUMN views INT NOT NULL DEFAULT 0',
    'ALTER TABLE posts ADD COLUMN price DECIMAL(10,2)',
    'ALTER TABLE posts ADD INDEX idx_user (user_id), ADD COLUMN views INT',
    'ALTER TABLE posts DROP INDEX idx_user, ADD PRIMARY KEY (id)',
    'ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT',
    "ALTER TABLE posts ADD COLUMN note VARCHAR(20) DEFAULT 'a, b'",
    'CREATE TABLE t (id INT PRIMARY KEY, created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)',
    'ALTER TABLE posts ENGINE = InnoDB',
  ])('applies %s in place', (statement) => {
    expect(resyncingDdl(statement)).toBeUndefined();
  });
});
