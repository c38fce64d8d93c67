/**
 * The IAM token source hands AWS's signer (@aws-sdk/rds-signer) the cluster endpoint, the ingestion
 * user, the Region and the role session of the environment, and asks for a fresh token every time.
 */
import {
  IamAuthTokenSource,
  environmentCredentials,
} from '../../../lambda/src/adapters/iam-auth-token-source';
import { SecretError } from '../../../lambda/src/errors';

const TARGET = {
  hostname: 'db.cluster-x.eu-west-1.rds.amazonaws.com',
  port: 3306,
  username: 'zeroetl_ingest',
  region: 'eu-west-1',
};
const ENV = {
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret/with+slashes=',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEP//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/=+',
};

/** The token at `now`: RDS accepts `host:port/?query` (no scheme) as the password. */
async function tokenAt(now: string, source: IamAuthTokenSource) {
  jest.useFakeTimers({ now: new Date(now) });
  try {
    return await source.getCredentials();
  } finally {
    jest.useRealTimers();
  }
}

const queryOf = (token: string) => Object.fromEntries(new URL(`https://${token}`).searchParams);

describe('IamAuthTokenSource', () => {
  it('signs a connect request for the user with the role session, valid for 15 minutes', async () => {
    const source = new IamAuthTokenSource(TARGET, environmentCredentials(ENV));

    const { user, password } = await tokenAt('2026-11-30T10:00:00Z', source);

    expect(user).toBe('zeroetl_ingest');
    expect(password.startsWith(`${TARGET.hostname}:3306/?`)).toBe(true);
    expect(queryOf(password)).toMatchObject({
      Action: 'connect',
      DBUser: 'zeroetl_ingest',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAEXAMPLE/20261130/eu-west-1/rds-db/aws4_request',
      'X-Amz-Date': '20261130T100000Z',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': ENV.AWS_SESSION_TOKEN,
      'X-Amz-SignedHeaders': 'host',
    });
    expect(queryOf(password)['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs a fresh token on every call', async () => {
    const source = new IamAuthTokenSource(TARGET, environmentCredentials(ENV));

    const first = await tokenAt('2026-11-30T10:00:00Z', source);
    const later = await tokenAt('2026-11-30T10:20:00Z', source);

    expect(later.password).not.toBe(first.password);
    expect(queryOf(later.password)['X-Amz-Date']).toBe('20261130T102000Z');
  });

  it('says which variables are missing when the runtime gave no credentials', async () => {
    const source = new IamAuthTokenSource(TARGET, environmentCredentials({}));

    await expect(source.getCredentials()).rejects.toThrow(SecretError);
    await expect(source.getCredentials()).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
});
