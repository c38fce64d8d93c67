import {
  IamAuthTokenSource,
  environmentCredentials,
} from '../../../lambda/src/adapters/iam-auth-token-source';
import { rdsAuthToken } from '../../../lambda/src/domain/rds-auth-token';
import { SecretError } from '../../../lambda/src/errors';

const TARGET = {
  hostname: 'db.cluster-x.eu-west-1.rds.amazonaws.com',
  port: 3306,
  username: 'zeroetl_ingest',
  region: 'eu-west-1',
};
const ENV = {
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
};

describe('IamAuthTokenSource', () => {
  it('signs a fresh token with the role session of the environment on every call', async () => {
    let now = new Date('2026-11-30T10:00:00Z');
    const source = new IamAuthTokenSource(TARGET, environmentCredentials(ENV), () => now);

    const first = await source.getCredentials();
    now = new Date('2026-11-30T10:20:00Z');
    const later = await source.getCredentials();

    expect(first).toEqual({
      user: 'zeroetl_ingest',
      password: rdsAuthToken({
        ...TARGET,
        credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
        now: new Date('2026-11-30T10:00:00Z'),
      }),
    });
    expect(later.password).not.toBe(first.password);
    expect(later.password).toContain('X-Amz-Date=20261130T102000Z');
  });

  it('says which variables are missing when the runtime gave no credentials', async () => {
    const source = new IamAuthTokenSource(TARGET, environmentCredentials({}));

    await expect(source.getCredentials()).rejects.toThrow(SecretError);
    await expect(source.getCredentials()).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
});
