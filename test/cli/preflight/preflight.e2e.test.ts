/**
 * The preflight against real MariaDB servers: the shared jest server (configured like Aurora), plus
 * two extra servers with a broken binlog, and the CLI as a real subprocess for its exit codes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT, SCHEMA_FILE } from '../../../paths';
import { freePort, startMysqlServer, type RunningMysqlServer } from '../../../local/dataplane/mysql-server';
import {
  PreflightConnectionError,
  PreflightUsageError,
  runPreflight,
  SchemaFileError,
} from '../../../shared/preflight';
import type { Check } from '../../../rules';
import type { PreflightReport } from '../../../shared/preflight';
import { RESOURCE_NAMES } from '../../../lambda/src/constants';
import { createTestDatabase, mysqlAdminUrl, type TestDatabase } from '../../harness/mysql';

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/preflight/cli.ts', ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const failures = (report: PreflightReport): Check[] =>
  report.checks.filter((check) => check.status === 'fail');

describe('preflight against our own schema', () => {
  it('passes sql/schema.sql loaded into a throwaway database, which it drops afterwards', async () => {
    const scratchDatabase = `preflight_own_schema_${process.pid}`;

    const report = await runPreflight({ url: mysqlAdminUrl(), schemaFile: SCHEMA_FILE, scratchDatabase });

    expect(failures(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(new Set(report.columns.map((row) => row.table.split('.').pop()))).toEqual(new Set(RESOURCE_NAMES));
    expect(report.columns).toContainEqual(
      expect.objectContaining({
        column: 'geo_lat',
        mysqlType: 'decimal(10,7)',
        redshiftType: 'DECIMAL(10,7)',
      }),
    );
    await expect(runPreflight({ url: mysqlAdminUrl(), databases: [scratchDatabase] })).rejects.toThrow(
      /not found/,
    );
  });

  it('names the schema file, not a database, and labels its tables by their own names', async () => {
    const result = await runCli(['--url', mysqlAdminUrl(), '--schema-file', SCHEMA_FILE]);

    expect(result.stdout).toContain(`schema file: ${SCHEMA_FILE}`);
    expect(result.stdout).not.toContain('databases:');
    expect(result.stdout).toMatch(/^pass\s+S1\s+posts\s+has a primary key$/m);
    expect(result.stdout).not.toContain('schema.sql.');
  });

  it('exits 0 from the CLI and prints a readable table with every column’s Redshift type', async () => {
    const result = await runCli(['--url', mysqlAdminUrl(), '--schema-file', SCHEMA_FILE]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/STATUS\s+RULE\s+SUBJECT\s+DETAIL/);
    expect(result.stdout).toMatch(/todos\s+completed\s+tinyint\(1\)\s+SMALLINT\s+pass/);
    expect(result.stdout).toContain('0 failed');
  });
});

describe('preflight on schemas that break one rule each', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('preflight_rules');
    await db.pool.query(`
      CREATE TABLE parents (id INT PRIMARY KEY) ENGINE = InnoDB;
      CREATE TABLE no_key (id INT NOT NULL, note VARCHAR(10)) ENGINE = InnoDB;
      CREATE TABLE in_myisam (id INT PRIMARY KEY) ENGINE = MyISAM;
      CREATE TABLE cascading (id INT PRIMARY KEY, parent_id INT NOT NULL,
        CONSTRAINT cascading_parent FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE CASCADE) ENGINE = InnoDB;
      CREATE TABLE nulling (id INT PRIMARY KEY, parent_id INT NULL,
        CONSTRAINT nulling_parent FOREIGN KEY (parent_id) REFERENCES parents (id) ON UPDATE SET NULL) ENGINE = InnoDB;
      CREATE TABLE with_blob (id INT PRIMARY KEY, payload BLOB) ENGINE = InnoDB;
      CREATE TABLE with_point (id INT PRIMARY KEY, location POINT) ENGINE = InnoDB;
      CREATE TABLE wide_decimal (id INT PRIMARY KEY, amount DECIMAL(65,30)) ENGINE = InnoDB;
      CREATE TABLE long_text (id INT PRIMARY KEY, body LONGTEXT) ENGINE = InnoDB;
      CREATE TABLE reserved_name (id INT PRIMARY KEY, xmin INT) ENGINE = InnoDB;
      CREATE TABLE long_name (id INT PRIMARY KEY, \`${'ü'.repeat(64)}\` INT) ENGINE = InnoDB;
      CREATE VIEW parent_ids AS SELECT id FROM parents;
    `);
  });
  afterAll(async () => db.drop());

  let report: PreflightReport;
  beforeAll(async () => {
    report = await runPreflight({ url: mysqlAdminUrl(), databases: [db.name] });
  });
  const failuresOf = (table: string) =>
    failures(report).filter((check) => check.subject.startsWith(`${db.name}.${table}`));

  it.each([
    ['no_key', 'S1', /no primary key/],
    ['in_myisam', 'S2', /engine MyISAM: only InnoDB/],
    ['cascading', 'S3', /cascading_parent → parents uses ON DELETE CASCADE/],
    ['nulling', 'S3', /ON UPDATE SET NULL/],
    ['with_blob', 'S7', /blob is unsupported/],
    ['with_point', 'S7', /point is unsupported/],
    ['wide_decimal', 'S7', /decimal\(65,30\) is unsupported/],
    ['reserved_name', 'S9', /xmin is reserved/],
    ['long_name', 'S9', /column name is 128 bytes/],
  ])('fails %s with rule %s', (table, rule, message) => {
    expect(failuresOf(table)).toEqual([
      expect.objectContaining({ rule, message: expect.stringMatching(message) }),
    ]);
  });

  it('names the fix for every failure', () => {
    expect(failures(report).every((check) => (check.fix ?? '').length > 10)).toBe(true);
  });

  it('only warns about LONGTEXT, which can exceed Redshift’s VARCHAR limit (S8)', () => {
    expect(failuresOf('long_text')).toEqual([]);
    expect(report.checks).toContainEqual(
      expect.objectContaining({ rule: 'S7', subject: `${db.name}.long_text.body`, status: 'warn' }),
    );
  });

  it('notes views as not replicated without failing them (S5)', () => {
    expect(report.checks).toContainEqual(
      expect.objectContaining({ rule: 'S5', subject: `${db.name}.parent_ids`, status: 'info' }),
    );
  });

  it('passes the well-formed table in the same database', () => {
    expect(failuresOf('parents')).toEqual([]);
  });

  it('exits 1 from the CLI with --json listing the failures', async () => {
    const result = await runCli(['--url', mysqlAdminUrl(), '--databases', db.name, '--json']);

    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as PreflightReport;
    expect(json.ok).toBe(false);
    expect(json.summary.failed).toBe(failures(report).length);
  });
});

/**
 * Two private servers with a broken binlog. They start when the file loads, so their ~1 s start-up
 * overlaps the tests above instead of adding to the file's run time.
 */
const brokenServers = Promise.all([
  startMysqlServer({ binlogOff: true }),
  startMysqlServer({ extraArgs: ['--binlog-format=STATEMENT'] }),
]);
brokenServers.catch(() => undefined); // awaited (and reported) in the describe's beforeAll
afterAll(async () => {
  const servers = await brokenServers.catch(() => []);
  await Promise.all(servers.map((server) => server.stop()));
});

describe('preflight on servers whose binlog is not ready', () => {
  let binlogOff: RunningMysqlServer;
  let statementFormat: RunningMysqlServer;
  beforeAll(async () => {
    [binlogOff, statementFormat] = await brokenServers;
  });

  it('fails a server with the binary log off', async () => {
    const report = await runPreflight({ url: binlogOff.url });

    expect(report.ok).toBe(false);
    expect(failures(report)).toContainEqual(
      expect.objectContaining({
        subject: 'log_bin',
        message: expect.stringContaining('binary logging is OFF'),
      }),
    );
  });

  it('fails a server logging in STATEMENT format, saying ROW is required', async () => {
    const report = await runPreflight({ url: statementFormat.url });

    expect(failures(report)).toEqual([
      expect.objectContaining({ rule: 'A3', subject: 'binlog_format', message: 'STATEMENT (required: ROW)' }),
    ]);
  });
});

describe('preflight of a schema file with problems only the file shows', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'preflight-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('warns about DDL that would force a resync (S6), naming the table and the fix', async () => {
    const file = join(dir, 'migration.sql');
    writeFileSync(
      file,
      [
        'CREATE TABLE posts (id INT PRIMARY KEY, title VARCHAR(100)) ENGINE = InnoDB;',
        'ALTER TABLE posts ADD COLUMN views INT FIRST;',
        'ALTER TABLE posts ADD COLUMN a INT, ADD COLUMN b INT;',
        'ALTER TABLE posts ADD COLUMN c INT;',
      ].join('\n'),
    );

    const report = await runPreflight({ url: mysqlAdminUrl(), schemaFile: file });

    expect(report.checks.filter((check) => check.rule === 'S6')).toEqual([
      expect.objectContaining({
        subject: 'posts',
        status: 'warn',
        message: expect.stringMatching(/FIRST or AFTER/),
      }),
      expect.objectContaining({
        subject: 'posts',
        status: 'warn',
        message: expect.stringMatching(/2 column operations/),
      }),
    ]);
  });

  it('fails a table wider than Redshift allows and lists only the columns that need attention', async () => {
    const file = join(dir, 'wide.sql');
    const columns = Array.from({ length: 1700 }, (_, i) => `c${i} INT`).join(', ');
    writeFileSync(file, `CREATE TABLE wide (id INT PRIMARY KEY, ${columns}) ENGINE = MyISAM;`);

    const result = await runCli(['--url', mysqlAdminUrl(), '--schema-file', file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+S10\s+wide\s+1701 columns: Redshift tables have at most 1600/);
    expect(result.stdout).toContain('split it first: InnoDB holds at most 1017 columns');
    expect(result.stdout).toContain('… and 1701 more columns that map to Redshift without loss');
    expect(result.stdout.split('\n').length).toBeLessThan(60);
  });

  it('names the privileges --schema-file needs when the user may not create a database (exit 2)', async () => {
    const user = `preflight_ro_${process.pid}`;
    const admin = await createTestDatabase('preflight_priv');
    try {
      await admin.pool.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'`);
      await admin.pool.query(`GRANT SELECT ON *.* TO '${user}'@'%'`);
      const url = new URL(mysqlAdminUrl());
      url.username = user;
      url.password = 'pw';

      const result = await runCli(['--url', url.toString(), '--schema-file', SCHEMA_FILE]);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^preflight: --schema-file could not create its throwaway database preflight_\w+: /,
      );
      expect(result.stderr).toContain('The user needs CREATE and DROP for the throwaway database');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await admin.pool.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.drop();
    }
  });
});

describe('preflight when it cannot run', () => {
  it('exits 2 with the reason when the server is unreachable', async () => {
    const port = await freePort();

    const result = await runCli(['--url', `mysql://root:secret@127.0.0.1:${port}/`]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^preflight: Cannot connect to mysql:\/\/root:\*\*\*@127\.0\.0\.1:\d+\/: Nothing accepts connections there.*\(ECONNREFUSED/,
    );
    expect(result.stderr).not.toContain('secret');
  });

  it('rejects databases that do not exist', async () => {
    await expect(runPreflight({ url: mysqlAdminUrl(), databases: ['no_such_db'] })).rejects.toThrow(
      PreflightUsageError,
    );
  });

  it('rejects an unreachable server through the API with a connection error', async () => {
    const port = await freePort();

    await expect(runPreflight({ url: `mysql://root@127.0.0.1:${port}/` })).rejects.toThrow(
      PreflightConnectionError,
    );
  });

  it('rejects a schema file that does not load, naming the SQL error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
    const file = join(dir, 'broken.sql');
    writeFileSync(file, 'CREATE TABLE broken (id INT PRIMARY KEY,);');
    try {
      const attempt = runPreflight({ url: mysqlAdminUrl(), schemaFile: file });

      await expect(attempt).rejects.toThrow(SchemaFileError);
      await expect(attempt).rejects.toThrow(/Loading .*broken\.sql failed: .*SQL syntax/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
