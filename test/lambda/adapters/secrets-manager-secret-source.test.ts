import {
  SecretsManagerSecretSource,
  parseCredentials,
} from '../../../lambda/src/adapters/secrets-manager-secret-source';
import { SecretError } from '../../../lambda/src/errors';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc';

/** A fake Secrets Manager that records reads and answers from a script. */
function fakeSecretsManager(answers: (string | Error)[]) {
  const reads: string[] = [];
  const read = async (arn: string) => {
    reads.push(arn);
    const answer = answers[Math.min(reads.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { read, reads };
}

describe('SecretsManagerSecretSource', () => {
  it('reads the secret once and serves it from the cache', async () => {
    const manager = fakeSecretsManager(['{"username":"admin","password":"first"}']);
    const source = new SecretsManagerSecretSource(ARN, manager.read);

    const [a, b] = await Promise.all([source.getCredentials(), source.getCredentials()]);
    const c = await source.getCredentials();

    expect([a, b, c]).toEqual(Array(3).fill({ user: 'admin', password: 'first' }));
    expect(manager.reads).toEqual([ARN]);
  });

  it('re-reads on refresh (after a rotation)', async () => {
    const manager = fakeSecretsManager([
      '{"username":"admin","password":"first"}',
      '{"username":"admin","password":"rotated"}',
    ]);
    const source = new SecretsManagerSecretSource(ARN, manager.read);
    await source.getCredentials();

    const refreshed = await source.getCredentials({ refresh: true });

    expect(refreshed).toEqual({ user: 'admin', password: 'rotated' });
    expect(await source.getCredentials()).toEqual({ user: 'admin', password: 'rotated' });
    expect(manager.reads).toHaveLength(2);
  });

  it('does not cache a failed read', async () => {
    const manager = fakeSecretsManager([
      new Error('AccessDeniedException'),
      '{"username":"u","password":"p"}',
    ]);
    const source = new SecretsManagerSecretSource(ARN, manager.read);

    await expect(source.getCredentials()).rejects.toThrow(
      `could not read the database secret ${ARN}: AccessDeniedException`,
    );
    expect(await source.getCredentials()).toEqual({ user: 'u', password: 'p' });
  });
});

describe('parseCredentials', () => {
  it.each([
    ['not json at all', 'is not JSON'],
    ['{"username":"u"}', 'lacks string "username" and "password" fields'],
    ['null', 'lacks string "username" and "password" fields'],
  ])('rejects %s without echoing it', (text, message) => {
    const parse = () => parseCredentials(text, ARN);

    expect(parse).toThrow(SecretError);
    expect(parse).toThrow(message);
  });

  it('never echoes the secret value in its errors', () => {
    expect(() => parseCredentials('{"password":"s3cr3t-value"}', ARN)).toThrow(/^(?!.*s3cr3t)/);
  });
});
