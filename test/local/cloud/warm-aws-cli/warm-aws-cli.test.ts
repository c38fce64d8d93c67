/**
 * The warm AWS CLI (local/cloud/warm-aws-cli/) against a real local cloud: a call through it is the
 * cold CLI's call (same output, exit code, environment, working folder and stdin), calls run side by
 * side with their own credentials, signals reach the call and a vanished client ends it, the cold CLI
 * runs when the server is gone or a cold CLI would start differently, and another awscli version is
 * refused.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { awsCliEnvironment, MOTO_AWS_BIN } from '../../../../local/cloud/aws-cli';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import { startWarmAwsCli, type WarmAwsCli } from '../../../../local/cloud/warm-aws-cli/launcher';
import { pythonTool } from '../../../../shared/python-tools';
import { isAlive, startInOwnerProcess, until } from '../../../harness/owner-process';

const ACCOUNT = '111111111111';
const WRAPPER = join(MOTO_AWS_BIN, 'aws');
const SERVER_DIR = join(__dirname, '../../../../local/cloud/warm-aws-cli');

interface Outcome {
  readonly code: number | null;
  readonly signal?: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `aws` wrapper; resolves with its outcome whatever the exit code. */
function aws(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; input?: string } = {},
) {
  return new Promise<Outcome>((resolve) => {
    const child = execFile(WRAPPER, args, { env, cwd: options.cwd }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
    child.stdin!.end(options.input ?? '');
  });
}

const warmCalls = (cli: WarmAwsCli) => cli.calls().map((call) => `${call.args.join(' ')}: ${call.status}`);

describe('the warm AWS CLI of a local cloud', () => {
  let cloud: LocalCloud;
  let warm: WarmAwsCli;
  let admin: NonNullable<LocalCloud['admin']>;
  let warmEnv: NodeJS.ProcessEnv;
  let coldEnv: NodeJS.ProcessEnv;
  let scratch: string;
  beforeAll(async () => {
    cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true, warmAwsCli: true });
    warm = cloud.warmAwsCli!;
    admin = cloud.admin!;
    warmEnv = awsCliEnvironment(cloud.url, admin);
    const { MOTO_AWS_CLI_SERVER: _, ...cold } = warmEnv;
    coldEnv = cold;
    scratch = mkdtempSync(join(tmpdir(), 'zero-etl-warm-aws-cli-test-'));
  }, 60_000);
  afterAll(async () => {
    await cloud?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is what calls to this local cloud run in', () => {
    expect(warmEnv.MOTO_AWS_CLI_SERVER).toBe(warm.socket);
  });

  it.each([
    ['a version', ['--version']],
    ['a usage error (exit 2)', ['s3', 'no-such-command']],
    ['a call', ['sts', 'get-caller-identity', '--region', 'us-east-1']],
    ['a refused call', ['iam', 'get-role', '--role-name', 'no-such-role', '--region', 'us-east-1']],
  ])('answers %s exactly as the cold CLI does', async (_case, args) => {
    const before = warm.calls().length;
    const [cold, warmed] = await Promise.all([aws(args, coldEnv), aws(args, warmEnv)]);

    expect(warmed).toEqual(cold);
    expect(warm.calls().length).toBe(before + 1);
  });

  it("runs each call with its caller's credentials, side by side", async () => {
    const stranger = awsCliEnvironment(cloud.url, {
      accessKeyId: 'AKIAUNKNOWN0000000000',
      secretAccessKey: 'x',
    });
    const { MOTO_AWS_CLI_SERVER: _, ...coldStranger } = stranger;
    const args = ['sts', 'get-caller-identity', '--region', 'us-east-1', '--output', 'json'];
    const before = warm.calls().length;
    const [admin1, stranger1, admin2, stranger2, cold] = await Promise.all([
      aws(args, warmEnv),
      aws(args, stranger),
      aws(args, warmEnv),
      aws(args, stranger),
      aws(args, coldStranger),
    ]);

    expect(JSON.parse(admin1.stdout)).toMatchObject({ Arn: admin.arn });
    expect(admin2).toEqual(admin1);
    expect(stranger1.stderr).toContain('InvalidClientTokenId');
    expect([stranger1, stranger2]).toEqual([cold, cold]);
    expect(warm.calls().length).toBe(before + 4);
  });

  it('sees the environment a cold call sees (configure list: region, credentials and their sources)', async () => {
    const env: NodeJS.ProcessEnv = { ...warmEnv, AWS_DEFAULT_REGION: 'eu-west-1' };
    const { MOTO_AWS_CLI_SERVER: _, ...cold } = env;
    const before = warm.calls().length;
    const [warmed, coldly] = await Promise.all([
      aws(['configure', 'list'], env),
      aws(['configure', 'list'], cold),
    ]);

    expect(warmed).toEqual(coldly);
    expect(warmed.stdout).toMatch(/region\s+eu-west-1\s+env/);
    expect(warm.calls().length).toBe(before + 1);
  });

  it('runs cold a call whose interpreter would start differently (a locale or PYTHON* variable of its own)', async () => {
    const before = warm.calls().length;
    const args = ['sts', 'get-caller-identity', '--region', 'us-east-1'];
    const outcomes = await Promise.all([
      aws(args, { ...warmEnv, LC_ALL: 'C' }),
      aws(args, { ...warmEnv, PYTHONWARNINGS: 'ignore' }),
    ]);

    expect(outcomes.map((outcome) => outcome.code)).toEqual([0, 0]);
    expect(warm.calls().length).toBe(before);
  });

  it("reads file:// paths from the caller's folder and `-` from the caller's stdin", async () => {
    writeFileSync(join(scratch, 'secret.txt'), 'from a file');
    const env = { ...warmEnv, AWS_DEFAULT_REGION: 'us-east-1' };
    const create = [
      'secretsmanager',
      'create-secret',
      '--name',
      'warm-cli',
      '--secret-string',
      'file://secret.txt',
    ];
    expect(await aws(create, env, { cwd: scratch })).toMatchObject({ code: 0 });
    const secret = await aws(['secretsmanager', 'get-secret-value', '--secret-id', 'warm-cli'], env);
    expect(JSON.parse(secret.stdout)).toMatchObject({ SecretString: 'from a file' });

    expect(await aws(['s3', 'mb', 's3://warm-cli'], env)).toMatchObject({ code: 0 });
    const piped = await aws(['s3', 'cp', '-', 's3://warm-cli/piped.txt'], env, { input: 'from stdin' });
    expect(piped).toMatchObject({ code: 0 });
    expect(await aws(['s3', 'cp', 's3://warm-cli/piped.txt', '-'], env)).toMatchObject({
      code: 0,
      stdout: 'from stdin',
    });
  });

  it("writes files with the caller's umask", async () => {
    const before = warm.calls().length;
    const downloaded = await new Promise<number | null>((resolve) =>
      execFile(
        'bash',
        [
          '-c',
          'umask 077 && exec "$0" s3 cp s3://warm-cli/piped.txt private.txt --region us-east-1',
          WRAPPER,
        ],
        { env: warmEnv, cwd: scratch },
        (error) => resolve(error ? ((error as { code?: number }).code ?? null) : 0),
      ),
    );

    expect(downloaded).toBe(0);
    expect(statSync(join(scratch, 'private.txt')).mode & 0o777).toBe(0o600);
    expect(warm.calls().length).toBe(before + 1);
  });

  describe('a call that waits on its endpoint', () => {
    let silent: Server;
    let silentUrl: string;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      // Accepts connections and never answers: the call waits for its read timeout.
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    const waitingCall = () =>
      spawn(WRAPPER, ['sts', 'get-caller-identity', '--region', 'us-east-1', '--cli-read-timeout', '120'], {
        env: { ...warmEnv, MOTO_ENDPOINT_URL: silentUrl },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
    /** Starts a call, resolving once the endpoint has its connection (the call is running). */
    const startWaitingCall = async () => {
      const before = sockets.size;
      const client = waitingCall();
      await until(() => sockets.size > before);
      expect(sockets.size).toBeGreaterThan(before);
      return client;
    };

    it('ends by the signal its client got (SIGTERM), as the cold CLI would', async () => {
      const before = warm.calls().length;
      const client = await startWaitingCall();
      client.kill('SIGTERM');
      const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        client.once('exit', (code, sig) => resolve([code, sig])),
      );

      expect(signal).toBe('SIGTERM');
      await until(() => warm.calls().length > before);
      expect(warmCalls(warm).slice(before)).toEqual(['sts get-caller-identity: signal 15']);
    }, 30_000);

    it('is ended when its client is killed without a chance to relay anything (SIGKILL)', async () => {
      const before = warm.calls().length;
      const client = await startWaitingCall();
      client.kill('SIGKILL');
      await until(() => warm.calls().length > before);

      expect(warmCalls(warm).slice(before)).toEqual(['sts get-caller-identity: signal 15']);
    }, 30_000);
  });

  it('runs the cold CLI when its server is gone', async () => {
    const env = { ...warmEnv, MOTO_AWS_CLI_SERVER: join(scratch, 'no-server.sock') };
    const outcome = await aws(
      ['sts', 'get-caller-identity', '--region', 'us-east-1', '--output', 'json'],
      env,
    );

    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ Account: ACCOUNT });
  });
});

describe('the warm AWS CLI server', () => {
  it('refuses to start on another awscli version, naming what to re-check', async () => {
    const fake = mkdtempSync(join(tmpdir(), 'zero-etl-fake-awscli-'));
    try {
      writeFileSync(join(fake, 'awscli.py'), "__version__ = '9.9.9'\n");
      const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const server = execFile(
          pythonTool('python'),
          [join(SERVER_DIR, 'server.py'), join(fake, 's'), join(fake, 'l')],
          { env: { PATH: process.env.PATH, PYTHONPATH: fake } },
          (error, _stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
        server.stdin!.end('{}\n');
      });

      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain('awscli 9.9.9 is installed: re-check it, then update PINNED_AWSCLI');
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });

  it('ends on stop(), its socket removed', async () => {
    const cli = await startWarmAwsCli();
    await cli.stop();

    expect(isAlive(cli.pid)).toBe(false);
    expect(existsSync(cli.socket)).toBe(false);
  });

  it('ends with the process that started it, even one killed without a chance to stop it', async () => {
    const { owner, started } = await startInOwnerProcess<{ pid: number; socket: string }>(
      join(SERVER_DIR, 'launcher'),
      'loaded.startWarmAwsCli().then((cli) => ({ pid: cli.pid, socket: cli.socket }))',
    );
    expect(isAlive(started.pid)).toBe(true);
    owner.kill('SIGKILL');
    await until(() => !isAlive(started.pid) && !existsSync(dirname(started.socket)), 10_000);

    // The server removed its folder itself: nobody else was left to.
    expect(isAlive(started.pid)).toBe(false);
    expect(existsSync(dirname(started.socket))).toBe(false);
  }, 60_000);
});
