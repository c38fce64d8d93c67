import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createPool } from 'mysql2/promise';
import { PROJECT_ROOT as ROOT } from '../../../paths';
import { MISSING_SERVER_MESSAGE, freePort } from '../../../local/dataplane/mysql-server';
import { mysqlAdminUrl } from '../../harness/mysql';

function start(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/pipeline/cli.ts', ...args], {
    cwd: ROOT,
    env,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function waitFor(condition: () => boolean, timeoutMs: number, child: ChildProcessWithoutNullStreams) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start (command line)', () => {
  it('explains how to install a server or pass a URL when there is neither', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, MYSQLD: '/nonexistent/mariadbd' };
    delete env.MYSQL_URL;

    const { output, exited } = start([], env);

    expect(await exited).toBe(1);
    expect(output.stderr.trim()).toBe(MISSING_SERVER_MESSAGE);
  });

  it('names an unreachable server in one line, without a stack trace (exit 1)', async () => {
    const port = await freePort();
    const { output, exited } = start([], { ...process.env, MYSQL_URL: `mysql://root:pw@127.0.0.1:${port}/` });

    expect(await exited).toBe(1);
    expect(output.stderr.trim()).toMatch(
      new RegExp(
        `^Cannot connect to mysql://root:\\*\\*\\*@127\\.0\\.0\\.1:${port}/: Nothing accepts connections there[^\\n]*$`,
      ),
    );
  });

  it('refuses a --mysql-url that is not a mysql:// URL before starting anything (exit 2)', async () => {
    const { output, exited } = start(['--mysql-url', 'http://127.0.0.1:3306/'], process.env);

    expect(await exited).toBe(2);
    expect(output.stderr.trim()).toBe('--mysql-url must start with mysql:// (got http://)');
  });

  it('exits 1 when the ingestion fails (the API is unreachable), after printing the run and the summary', async () => {
    const database = `local_failing_${randomBytes(4).toString('hex')}`;
    const { output, exited } = start(['--api', 'http://127.0.0.1:1/', '--database', database], {
      ...process.env,
      MYSQL_URL: mysqlAdminUrl(),
    });
    try {
      expect(await exited).toBe(1);
      expect(output.stdout).toMatch(/Lambda run .*: status 500/);
      expect(output.stdout).toMatch(/everything stopped/);
      expect(output.stderr).toMatch(/The ingestion failed once \(statusCode 500/);
    } finally {
      const admin = createPool({ uri: mysqlAdminUrl(), connectionLimit: 1 });
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    }
  });

  it('in --watch mode re-runs ingestion on the schedule and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const database = `local_watch_${randomBytes(4).toString('hex')}`;
    const { child, output, exited } = start(['--watch', '--interval', '1s', '--database', database], {
      ...process.env,
      MYSQL_URL: mysqlAdminUrl(),
    });
    try {
      const lambdaRuns = () => output.stdout.match(/^Lambda run /gm)?.length ?? 0;
      await waitFor(() => lambdaRuns() >= 2, 60_000, child);

      child.kill('SIGINT');

      expect(await exited).toBe(0);
      expect(output.stdout).toMatch(/Watching: ingestion every 1\.0 s/);
      expect(output.stdout).toMatch(/Integration tables/);
      expect(output.stdout).toMatch(/everything stopped/);
    } finally {
      child.kill('SIGKILL');
      const admin = createPool({ uri: mysqlAdminUrl(), connectionLimit: 1 });
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    }
  });
});
