/** local/cloud/args.ts: `npm run local-cloud`'s command line, parsed without side effects. */
import { parseLocalCloudArgs } from '../../../local/cloud/args';
import { LocalCloudUsageError } from '../../../local/cloud/errors';

const CONFIGURED = '111111111111';
const parse = (argv: string[], env: Record<string, string> = {}) =>
  parseLocalCloudArgs(argv, env, CONFIGURED);

describe('npm run local-cloud arguments', () => {
  it('serve: a free port, the configured account and no IAM enforcement by default', () => {
    expect(parse(['serve'])).toEqual({
      command: 'serve',
      port: undefined,
      accountId: CONFIGURED,
      enforceIam: false,
      dataPlane: false,
    });
  });

  it('serve: takes --port, --account-id over MOTO_ACCOUNT_ID over the configured account, --enforce-iam and --data-plane', () => {
    expect(parse(['serve', '--port', '4566', '--enforce-iam'], { MOTO_ACCOUNT_ID: '222222222222' })).toEqual({
      command: 'serve',
      port: 4566,
      accountId: '222222222222',
      enforceIam: true,
      dataPlane: false,
    });
    expect(parse(['serve', '--data-plane'])).toMatchObject({ dataPlane: true });
    expect(
      parse(['serve', '--account-id', '333333333333'], { MOTO_ACCOUNT_ID: '222222222222' }),
    ).toMatchObject({
      accountId: '333333333333',
    });
  });

  it('deploy: dev, without --keep, in the configured account by default; takes an environment and --keep', () => {
    expect(parse(['deploy'])).toEqual({
      command: 'deploy',
      environment: 'dev',
      keep: false,
      accountId: CONFIGURED,
    });
    expect(parse(['deploy', 'prod', '--keep', '--account-id', '333333333333'])).toEqual({
      command: 'deploy',
      environment: 'prod',
      keep: true,
      accountId: '333333333333',
    });
  });

  it('--help (or help) anywhere asks for the usage', () => {
    expect(parse(['--help'])).toEqual({ command: 'help' });
    expect(parse(['serve', '-h'])).toEqual({ command: 'help' });
    expect(parse(['help'])).toEqual({ command: 'help' });
  });

  it.each([
    [[], 'name a command: serve or deploy'],
    [['launch'], 'unknown command "launch": the commands are serve and deploy'],
    [['deploy', 'dev', 'prod'], 'deploy takes one environment, got "dev prod"'],
    [['deploy', '--data-plane'], '--data-plane is a serve option (deploy always runs the data plane)'],
    [['serve', '--keep'], '--keep is a deploy option'],
    [['serve', 'now'], 'serve takes no arguments, got "now"'],
    [['serve', '--port', '0'], '--port must be a port number from 1 to 65535 (got "0")'],
    [['serve', '--port', '80a'], '--port must be a port number from 1 to 65535 (got "80a")'],
    [['serve', '--account-id', '12345'], '--account-id must be a 12-digit AWS account id (got "12345")'],
    [['serve', '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %j with one line naming the problem', (argv, problem) => {
    expect(() => parse(argv)).toThrow(LocalCloudUsageError);
    expect(() => parse(argv)).toThrow(problem);
  });

  it('refuses a MOTO_ACCOUNT_ID that is no account id, naming the variable', () => {
    expect(() => parse(['serve'], { MOTO_ACCOUNT_ID: 'abc' })).toThrow(
      'MOTO_ACCOUNT_ID must be a 12-digit AWS account id (got "abc")',
    );
  });
});
