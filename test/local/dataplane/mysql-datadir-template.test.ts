/**
 * Fresh data directories from a template (local/dataplane/mysql-datadir-template.ts): one per server
 * binary, version and installer options; saved without what identifies a server, whole or not at
 * all; and a template that does not start is replaced by a fresh install. (Every server the suite
 * starts after the first one is started from a template.)
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import {
  copyTemplate,
  saveTemplate,
  templateDir,
  templatesRoot,
} from '../../../local/dataplane/mysql-datadir-template';
import { startMysqlServer } from '../../../local/dataplane/mysql-server';

const MARIADB = 'mariadbd  Ver 10.11.14-MariaDB-0+deb12u2 for debian-linux-gnu on x86_64 (Debian 12)';
const OPTIONS = ['--no-defaults', '--skip-test-db'];

describe('MySQL data directory templates', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'zero-etl-template-spec-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** A data directory as an installer leaves it, with MySQL's per-server identity files. */
  const installed = (dir: string, tablespace = 'system tablespace') => {
    mkdirSync(join(dir, 'mysql'), { recursive: true });
    writeFileSync(join(dir, 'ibdata1'), tablespace);
    writeFileSync(join(dir, 'mysql', 'user.frm'), 'system table');
    writeFileSync(join(dir, 'auto.cnf'), '[auto]\nserver-uuid=1b4e28ba-2fa1-11d2-883f-0016d3cca427\n');
    writeFileSync(join(dir, 'server-key.pem'), 'a private key');
    return dir;
  };
  const filesIn = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

  it('keeps one template per server binary, version and installer options', () => {
    const base = templateDir('/usr/sbin/mariadbd', MARIADB, OPTIONS, scratch);

    expect(templateDir('/usr/sbin/mariadbd', MARIADB, [...OPTIONS], scratch)).toBe(base);
    expect(templateDir('/usr/sbin/mysqld', MARIADB, OPTIONS, scratch)).not.toBe(base);
    expect(
      templateDir('/usr/sbin/mariadbd', MARIADB.replace('10.11.14', '10.11.15'), OPTIONS, scratch),
    ).not.toBe(base);
    expect(templateDir('/usr/sbin/mariadbd', MARIADB, ['--no-defaults'], scratch)).not.toBe(base);
  });

  it('lives in the project cache, or where ZERO_ETL_MYSQL_TEMPLATES says', () => {
    expect(templatesRoot({})).toMatch(/node_modules\/\.cache\/zero-etl-mysql-datadir$/);
    expect(templatesRoot({ ZERO_ETL_MYSQL_TEMPLATES: scratch })).toBe(scratch);
  });

  it('copies nothing when there is no template yet (the installer runs)', async () => {
    expect(await copyTemplate(join(scratch, 'none'), join(scratch, 'data'))).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('saves an installed data directory without what identifies its server, and copies it whole', async () => {
    const template = join(scratch, 'templates', 'key');
    await saveTemplate(installed(join(scratch, 'first')), template);

    expect(filesIn(template)).toEqual(['ibdata1', 'mysql', join('mysql', 'user.frm')]);
    expect(await copyTemplate(template, join(scratch, 'second'))).toBe(true);
    expect(filesIn(join(scratch, 'second'))).toEqual(filesIn(template));
    expect(readdirSync(join(scratch, 'templates'))).toEqual(['key']);
  });

  it('keeps the first template when another start saves one, and leaves no partial copy', async () => {
    const template = join(scratch, 'templates', 'key');
    await saveTemplate(installed(join(scratch, 'first')), template);

    await saveTemplate(installed(join(scratch, 'other'), 'another install'), template);

    expect(readdirSync(join(scratch, 'templates'))).toEqual(['key']);
    expect(readFileSync(join(template, 'ibdata1'), 'utf8')).toBe('system tablespace');
  });

  it('replaces a template that does not start a server by a fresh install, and the server starts', async () => {
    const previous = process.env.ZERO_ETL_MYSQL_TEMPLATES;
    process.env.ZERO_ETL_MYSQL_TEMPLATES = scratch;
    try {
      await (await startMysqlServer()).stop(); // installs, and saves the template
      const [key] = readdirSync(scratch);
      // Damaged: the system tables are gone (the server refuses to start without them).
      rmSync(join(scratch, key, 'mysql'), { recursive: true });

      const server = await startMysqlServer();
      try {
        const connection = await createConnection(server.url);
        const [rows] = await connection.query('SELECT COUNT(*) AS users FROM mysql.user');
        await connection.end();
        expect(rows).toEqual([{ users: expect.any(Number) }]);
      } finally {
        await server.stop();
      }
      expect(readdirSync(scratch)).toEqual([key]);
      expect(existsSync(join(scratch, key, 'mysql'))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.ZERO_ETL_MYSQL_TEMPLATES;
      else process.env.ZERO_ETL_MYSQL_TEMPLATES = previous;
    }
  }, 120_000);
});
