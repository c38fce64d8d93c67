/**
 * local/cloud/server/launcher.ts and the `aws` wrapper against a real local cloud: IAM enforced after
 * the admin is created, the signature check the registry fixes (shown failing on plain moto), and
 * the process gone after stop().
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  AwsCliError,
  awsCliEnvironment,
  awsErrorCode,
  awsJson,
  MOTO_AWS_BIN,
} from '../../../../local/cloud/aws-cli';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import { isAlive, startInOwnerProcess, until } from '../../../harness/owner-process';

const run = promisify(execFile);
const ACCOUNT = '111111111111';

/** `allowed`, or the error code; Lambda's XML errors carry their code in the message only. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: unknown) => {
      const code = awsErrorCode(error) ?? String(error);
      const inMessage = /<Code>([^<]+)<\/Code>/.exec(error instanceof AwsCliError ? error.stderr : '');
      return code === '403' && inMessage ? inMessage[1] : code;
    },
  );

describe('a local cloud with IAM enforced', () => {
  let server: LocalCloud;
  let admin: Awaited<ReturnType<LocalCloud['createAdmin']>>;
  beforeAll(async () => {
    server = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true });
    admin = server.admin!;
  }, 60_000);
  afterAll(() => server.stop());

  it('answers as the configured account, to the admin only', async () => {
    const identity = await awsJson(server.url, admin, ['sts', 'get-caller-identity']);

    expect(identity).toMatchObject({
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:user/local-cloud-admin`,
    });
    expect(
      await failure(
        awsJson(server.url, { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }, ['iam', 'list-roles']),
      ),
    ).toBe('InvalidClientTokenId');
    expect(
      await failure(awsJson(server.url, { ...admin, secretAccessKey: 'wrong' }, ['iam', 'list-roles'])),
    ).toBe('SignatureDoesNotMatch');
  });

  it('verifies a bodyless GET (Lambda ListFunctions) against the empty payload, as AWS does', async () => {
    expect(await awsJson(server.url, admin, ['lambda', 'list-functions'])).toEqual({ Functions: [] });
    expect(
      await failure(
        awsJson(server.url, { ...admin, secretAccessKey: 'wrong' }, ['lambda', 'list-functions']),
      ),
    ).toBe('SignatureDoesNotMatch');
  });

  it('runs the AWS CLI v1 through the wrapper, which drops CLI v2’s --cli-binary-format raw-in-base64-out', async () => {
    const env = awsCliEnvironment(server.url, admin);
    const wrapper = join(MOTO_AWS_BIN, 'aws');
    const args = ['sts', 'get-caller-identity', '--region', 'us-east-1', '--output', 'json'];
    const { stdout } = await run(wrapper, [...args, '--cli-binary-format', 'raw-in-base64-out'], { env });

    expect(JSON.parse(stdout)).toMatchObject({ Account: ACCOUNT });
    await expect(run(wrapper, [...args, '--cli-binary-format=base64'], { env })).rejects.toMatchObject({
      code: 252,
      stderr: expect.stringContaining(
        '--cli-binary-format base64 has no AWS CLI v1 equivalent (only raw-in-base64-out)',
      ),
    });
  });

  it('ends with the process that started it, even one killed without a chance to stop it', async () => {
    const { owner, started } = await startInOwnerProcess<{ pid: number; logFile: string }>(
      join(__dirname, '../../../../local/cloud/server/launcher'),
      `loaded.startLocalCloud({ accountId: '${ACCOUNT}' }).then((server) => ({ pid: server.pid, logFile: server.logFile }))`,
    );
    expect(isAlive(started.pid)).toBe(true);
    owner.kill('SIGKILL');
    await until(() => !isAlive(started.pid), 10_000);

    // Nobody was left to remove the request log.
    rmSync(dirname(started.logFile), { recursive: true, force: true });

    expect(isAlive(started.pid)).toBe(false);
  }, 60_000);

  it('ends its process on stop()', async () => {
    const other = await startLocalCloud({ accountId: ACCOUNT });
    await other.stop();

    expect(() => process.kill(other.pid, 0)).toThrow();
  }, 60_000);
});

describe('plain moto 5.2.5 (the local cloud unpatched)', () => {
  it('rejects a correctly signed bodyless GET: it signs the request headers as the payload', async () => {
    const server = await startLocalCloud({
      accountId: ACCOUNT,
      requestsBeforeIamEnforcement: 3,
      unpatched: true,
    });
    try {
      const admin = await server.createAdmin('local-cloud-admin');

      expect(await failure(awsJson(server.url, admin, ['iam', 'list-roles']))).toBe('allowed');
      expect(await failure(awsJson(server.url, admin, ['lambda', 'list-functions']))).toBe(
        'SignatureDoesNotMatch',
      );
    } finally {
      await server.stop();
    }
  }, 60_000);
});
