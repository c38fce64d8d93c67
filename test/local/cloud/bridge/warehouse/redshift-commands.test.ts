/**
 * The Redshift statements the local cloud's warehouse answers itself, and what sqlfluff's redshift
 * dialect (the SQL tests' parser) says of them: it parses the CREATE/DROP DATABASE forms, and cannot
 * parse ALTER DATABASE … INTEGRATION REFRESH, which is why redshift-commands.ts recognises that form
 * on its own. When sqlfluff learns it, the last test fails: then let the parser check it too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRedshiftCommand } from '../../../../../local/cloud/bridge/warehouse/redshift-commands';
import { sqlfluff } from '../../../../harness/scanners';

const ID = '0c5b4c4e-1111-4222-8333-944455556666';

const PARSED: [string, unknown][] = [
  [
    `CREATE DATABASE "zeroetl" FROM INTEGRATION '${ID}'`,
    { kind: 'create-database', database: 'zeroetl', integrationId: ID },
  ],
  [
    `create database Sales from integration '${ID}'`,
    { kind: 'create-database', database: 'sales', integrationId: ID },
  ],
  ['CREATE DATABASE scratch', { kind: 'create-database', database: 'scratch' }],
  ['DROP DATABASE "Scratch";', { kind: 'drop-database', database: 'Scratch' }],
];

const REFRESHES: [string, unknown][] = [
  ['ALTER DATABASE zeroetl INTEGRATION REFRESH ALL TABLES', { kind: 'all', schemas: undefined }],
  [
    'ALTER DATABASE zeroetl INTEGRATION REFRESH INERROR TABLES IN SCHEMA app, "Other"',
    { kind: 'inerror', schemas: ['app', 'Other'] },
  ],
  [
    'ALTER DATABASE zeroetl INTEGRATION REFRESH TABLE app.users, app.posts',
    {
      kind: 'tables',
      tables: [
        { schema: 'app', table: 'users' },
        { schema: 'app', table: 'posts' },
      ],
    },
  ],
];

describe('the Redshift statements the local cloud warehouse answers itself', () => {
  it.each(PARSED)('recognises %s', (sql, command) => {
    expect(parseRedshiftCommand(sql)).toEqual(command);
  });

  it.each(REFRESHES)('recognises %s', (sql, target) => {
    expect(parseRedshiftCommand(sql)).toEqual({ kind: 'refresh', database: 'zeroetl', target });
  });

  it('leaves every other statement to PostgreSQL', () => {
    expect(parseRedshiftCommand('SELECT * FROM svv_integration')).toBeUndefined();
    expect(parseRedshiftCommand('ALTER DATABASE zeroetl RENAME TO other')).toBeUndefined();
  });

  describe('against sqlfluff’s redshift parser', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zero-etl-redshift-commands-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const parseErrors = async (statements: readonly string[]) => {
      const files = statements.map((sql, index) => {
        const file = join(dir, `statement_${index}.sql`);
        writeFileSync(file, `${sql.replace(/;$/, '')};\n`);
        return file;
      });
      const findings = await sqlfluff(files);
      return statements.filter((_, index) =>
        findings.some((finding) => finding.rule === 'PRS' && finding.file.endsWith(`statement_${index}.sql`)),
      );
    };

    it('parses the CREATE and DROP DATABASE forms', async () => {
      expect(await parseErrors(PARSED.map(([sql]) => sql))).toEqual([]);
    });

    it('cannot parse ALTER DATABASE … INTEGRATION REFRESH (so the warehouse recognises it itself)', async () => {
      const refreshes = REFRESHES.map(([sql]) => sql);
      expect(await parseErrors(refreshes)).toEqual(refreshes);
    });
  });
});
