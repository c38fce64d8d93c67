/**
 * Fresh data directories from a template (local/dataplane/mysql-datadir-template.ts): one per server
 * binary, version and installer options; copied without what identifies a server; saved whole or not
 * at all. (Every server the suite starts after the first one is started from it.)
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyTemplate, saveTemplate, templateDir } from '../../../local/dataplane/mysql-datadir-template';

const MARIADB = 'mariadbd  Ver 10.11.14-MariaDB-0+deb12u2 for debian-linux-gnu on x86_64 (Debian 12)\n';
const OPTIONS = ['--no-defaults', '--skip-test-db'];

describe('MySQL data directory templates', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'zero-etl-template-spec-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** A data directory as an installer leaves it, with MySQL's per-server identity files. */
  const installed = (dir: string) => {
    mkdirSync(join(dir, 'mysql'), { recursive: true });
    writeFileSync(join(dir, 'ibdata1'), 'system tablespace');
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

  it('copies nothing when there is no template yet (the installer runs)', () => {
    expect(copyTemplate(join(scratch, 'none'), join(scratch, 'data'))).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('saves an installed data directory and copies it to each new server without its identity', () => {
    const template = join(scratch, 'templates', 'key');
    saveTemplate(installed(join(scratch, 'first')), template);

    expect(copyTemplate(template, join(scratch, 'second'))).toBe(true);
    expect(filesIn(join(scratch, 'second'))).toEqual(['ibdata1', 'mysql', join('mysql', 'user.frm')]);
    expect(readdirSync(join(scratch, 'templates'))).toEqual(['key']);
  });

  it('keeps the first template when another start saves one meanwhile, and leaves no partial copy', () => {
    const template = join(scratch, 'templates', 'key');
    saveTemplate(installed(join(scratch, 'first')), template);
    const other = installed(join(scratch, 'other'));
    writeFileSync(join(other, 'ibdata1'), 'another install');

    saveTemplate(other, template);

    expect(readdirSync(join(scratch, 'templates'))).toEqual(['key']);
    copyTemplate(template, join(scratch, 'copy'));
    expect(readFileSync(join(scratch, 'copy', 'ibdata1'), 'utf8')).toBe('system tablespace');
  });
});
