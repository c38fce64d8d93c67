/**
 * Connecting by URL (shared/mysql-connect.ts): every way a connection fails ends in one message that
 * names the server (password masked), what to check, and the driver's own code, within a bounded time.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { freePort } from '../../local/dataplane/mysql-server';
import { MysqlConnectionError, MysqlUrlError, connectMysql, redactUrl } from '../../shared/mysql-connect';
import { mysqlAdminUrl } from '../harness/mysql';

/** A TCP server that accepts connections and never says anything (like an HTTP port waiting for a request). */
async function silentServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('connected, but should not have');
    },
    (error: Error) => error,
  );

describe('connecting to a MySQL server by URL', () => {
  it('refuses what is not a mysql:// URL before connecting, naming the option', async () => {
    const error = await failure(connectMysql('postgres://db:5432/', { option: '--mysql-url' }));

    expect(error).toBeInstanceOf(MysqlUrlError);
    expect(error.message).toBe('--mysql-url must start with mysql:// (got postgres://)');
  });

  it('says nothing listens there when the port is closed', async () => {
    const port = await freePort();

    const error = await failure(
      connectMysql(`mysql://root:hunter2@127.0.0.1:${port}/`, { option: 'MYSQL_URL' }),
    );

    expect(error).toBeInstanceOf(MysqlConnectionError);
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot connect to mysql://root:\\*\\*\\*@127\\.0\\.0\\.1:${port}/: Nothing accepts connections there`,
      ),
    );
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('hunter2');
  });

  it('says the login was refused for a wrong password', async () => {
    const url = new URL(mysqlAdminUrl());
    url.username = 'nobody_here';
    url.password = 'wrong';

    const error = await failure(connectMysql(url.toString(), { option: 'MYSQL_URL' }));

    expect(error.message).toContain('The server refused the login: check the user name and password');
    expect(error.message).toContain('ER_ACCESS_DENIED_ERROR');
    expect(error.message).not.toContain(':wrong@');
  });

  it('gives up on a port that never speaks MySQL after the bounded connect time', async () => {
    const { server, port } = await silentServer();
    try {
      const started = Date.now();

      const error = await failure(
        connectMysql(`mysql://root@127.0.0.1:${port}/`, { option: 'MYSQL_URL', timeoutMs: 1000 }),
      );

      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.message).toContain('No MySQL handshake within');
      expect(error.message).toContain('ETIMEDOUT');
    } finally {
      server.close();
    }
  });

  it('masks the password in URLs shown to users', () => {
    expect(redactUrl('mysql://admin:s3cret@db:3306/app')).toBe('mysql://admin:***@db:3306/app');
    expect(redactUrl('not a url')).toBe('<invalid URL>');
  });
});
