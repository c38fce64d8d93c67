import { parseDuration, parseStartArgs, DEFAULT_INTERVAL_MS } from '../../local/cli-args';
import { parseDdl } from '../../local/ddl';
import { UsageError } from '../../local/errors';
import { LagTracker, percentile, summariseLag } from '../../local/lag-tracker';
import type { SourceTable } from '../../local/source-schema';
import { evaluateTable } from '../../local/table-state';
import { postgresTypeFor, toWarehouseValue } from '../../local/warehouse-types';
import { renderSummary } from '../../local/reporter';

const table = (overrides: Partial<SourceTable> = {}): SourceTable => ({
  schema: 'app',
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

describe('npm start arguments', () => {
  it('defaults to a throwaway server, the fixture API, one run and a 5 minute schedule', () => {
    expect(parseStartArgs([], {})).toEqual({
      mysqlUrl: undefined,
      apiUrl: undefined,
      database: 'jsonplaceholder',
      seed: 42,
      watch: false,
      intervalMs: DEFAULT_INTERVAL_MS,
      help: false,
    });
  });

  it('takes the server from MYSQL_URL and the database from its path', () => {
    expect(parseStartArgs([], { MYSQL_URL: 'mysql://root@127.0.0.1:3306/shop' })).toMatchObject({
      mysqlUrl: 'mysql://root@127.0.0.1:3306/shop',
      database: 'shop',
    });
  });

  it('parses --watch with an --interval in s, m, h or milliseconds', () => {
    expect(parseStartArgs(['--watch', '--interval', '90s'], {}).intervalMs).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1500')).toBe(1500);
  });

  it('rejects unknown flags, bad intervals and --interval without --watch with a usage error', () => {
    expect(() => parseStartArgs(['--wach'], {})).toThrow(UsageError);
    expect(() => parseStartArgs(['--watch', '--interval', 'soon'], {})).toThrow(
      /--interval must be a duration/,
    );
    expect(() => parseStartArgs(['--interval', '5m'], {})).toThrow(/only applies with --watch/);
    expect(() => parseStartArgs(['--api', 'ftp://x'], {})).toThrow(/--api must be an http/);
  });
});

describe('table state evaluation (SVV_INTEGRATION_TABLE_STATE rules)', () => {
  it('accepts a table with a primary key and supported types, mapping JSON to SUPER (jsonb locally)', () => {
    expect(evaluateTable(table())).toEqual({
      replicable: true,
      columns: [
        { name: 'id', redshiftType: 'INTEGER', postgresType: 'INTEGER' },
        { name: 'doc', redshiftType: 'SUPER', postgresType: 'JSONB' },
      ],
    });
  });

  it('fails a table without a primary key, with a cascading foreign key, or with an unsupported type', () => {
    expect(evaluateTable(table({ primaryKey: [] }))).toMatchObject({
      replicable: false,
      reason: /no primary key/,
    });
    expect(
      evaluateTable(
        table({
          foreignKeys: [{ name: 'fk', referencedTable: 'p', deleteRule: 'RESTRICT', updateRule: 'SET NULL' }],
        }),
      ),
    ).toMatchObject({ replicable: false, reason: /cascading foreign key fk \(ON UPDATE SET NULL\)/ });
    expect(
      evaluateTable(
        table({
          columns: [
            { name: 'id', columnType: 'int', nullable: false },
            { name: 'g', columnType: 'point', nullable: true },
          ],
        }),
      ),
    ).toMatchObject({ replicable: false, reason: /unsupported type in column g/ });
    expect(evaluateTable(table({ engine: 'MyISAM' }))).toMatchObject({
      replicable: false,
      reason: /not InnoDB/,
    });
  });

  it('accepts RESTRICT and NO ACTION foreign keys', () => {
    const fk = { name: 'fk', referencedTable: 'p', deleteRule: 'NO ACTION', updateRule: 'RESTRICT' };
    expect(evaluateTable(table({ foreignKeys: [fk] }))).toMatchObject({ replicable: true });
  });
});

describe('warehouse types', () => {
  it('translates Redshift-only types to PostgreSQL', () => {
    expect(['SUPER', 'VARBYTE(8)', 'DECIMAL(10,7)', 'VARCHAR(65535)'].map(postgresTypeFor)).toEqual([
      'JSONB',
      'BYTEA',
      'NUMERIC(10,7)',
      'VARCHAR(65535)',
    ]);
  });

  it('normalises source values: dates as UTC text, JSON objects as text, zero dates as NULL', () => {
    expect(toWarehouseValue(new Date('2026-01-02T03:04:05.678Z'), 'TIMESTAMP')).toBe(
      '2026-01-02 03:04:05.678',
    );
    expect(toWarehouseValue(new Date('2026-01-02T00:00:00Z'), 'DATE')).toBe('2026-01-02');
    expect(toWarehouseValue({ a: 1 }, 'JSONB')).toBe('{"a":1}');
    expect(toWarehouseValue('0000-00-00 00:00:00', 'TIMESTAMP')).toBeNull();
    expect(toWarehouseValue(2024, 'VARCHAR(4)')).toBe('2024');
  });
});

describe('DDL recognition', () => {
  it('resolves table names against the statement default schema', () => {
    expect(parseDdl('CREATE TABLE IF NOT EXISTS `t1` (id INT)', 'app')).toEqual({
      kind: 'create',
      tables: [{ schema: 'app', table: 't1' }],
    });
    expect(parseDdl('ALTER TABLE other.t2 ADD COLUMN x INT', 'app')).toEqual({
      kind: 'alter',
      tables: [{ schema: 'other', table: 't2' }],
    });
  });

  it('recognises drops (with the server comment), renames and truncates, and ignores the rest', () => {
    expect(parseDdl('DROP TABLE `a`,`b` /* generated by server */', 'app')).toEqual({
      kind: 'drop',
      tables: [
        { schema: 'app', table: 'a' },
        { schema: 'app', table: 'b' },
      ],
    });
    expect(parseDdl('RENAME TABLE a TO b', 'app')).toEqual({
      kind: 'rename',
      pairs: [
        [
          { schema: 'app', table: 'a' },
          { schema: 'app', table: 'b' },
        ],
      ],
    });
    expect(parseDdl('TRUNCATE TABLE a', 'app')).toEqual({
      kind: 'truncate',
      tables: [{ schema: 'app', table: 'a' }],
    });
    expect(parseDdl('CREATE INDEX i ON a (x)', 'app')).toBeUndefined();
    expect(parseDdl('DROP TEMPORARY TABLE tmp', 'app')).toBeUndefined();
  });
});

describe('lag tracking', () => {
  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.95)).toBe(95);
    expect(summariseLag([])).toEqual({ samples: 0, p50: undefined, p95: undefined, max: undefined });
  });

  it('keeps a rolling window for the current lag and every sample for the run', () => {
    let now = 0;
    const tracker = new LagTracker({ windowMs: 1000, now: () => now });
    tracker.record(900);
    now = 5000;
    tracker.record(10);

    expect(tracker.current()).toMatchObject({ samples: 1, p95: 10 });
    expect(tracker.overall()).toMatchObject({ samples: 2, p95: 900 });
  });
});

describe('terminal output', () => {
  it('summarises table states, row counts, snapshot, changes and lag', () => {
    const updatedAt = new Date(0);
    const text = renderSummary({
      states: [
        { table: 'users', state: 'Synced', reason: '', updatedAt },
        { table: 'audit', state: 'Failed', reason: 'no primary key (S1): add a PRIMARY KEY', updatedAt },
      ],
      rowCounts: new Map([['users', 10]]),
      snapshotRows: 4,
      snapshotMs: 12,
      changesApplied: 6,
      lag: { samples: 3, p50: 5, p95: 1500 },
    });

    expect(text.split('\n')).toEqual([
      'Integration tables (like SVV_INTEGRATION_TABLE_STATE):',
      'TABLE  STATE   ROWS  REASON',
      `-----  ------  ----  ${'-'.repeat(38)}`,
      'users  Synced  10',
      'audit  Failed  -     no primary key (S1): add a PRIMARY KEY',
      '1 Synced, 1 Failed; snapshot 4 rows in 12 ms; 6 changes replicated from the binlog; ' +
        'replication lag p50 5 ms, p95 1.5 s (3 samples).',
    ]);
  });
});
