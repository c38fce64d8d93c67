/**
 * The hand-written IAM auth token must be the token AWS's own signer makes: @aws-sdk/rds-signer is
 * the independent reference (a dev dependency only; the bundle does not carry it).
 */
import { Signer } from '@aws-sdk/rds-signer';
import { AUTH_TOKEN_EXPIRES_SECONDS, rdsAuthToken } from '../../../lambda/src/domain/rds-auth-token';

const NOW = new Date('2026-11-30T13:45:07.123Z');
const REQUEST = {
  hostname: 'zero-etl-dev-aurora.cluster-abc123.us-east-1.rds.amazonaws.com',
  port: 3306,
  username: 'zeroetl_ingest',
  region: 'us-east-1',
};

async function sdkToken(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}) {
  jest.useFakeTimers({ now: NOW });
  try {
    return await new Signer({ ...REQUEST, credentials }).getAuthToken();
  } finally {
    jest.useRealTimers();
  }
}

/** host/path and the query as a map: the SDK may order the parameters differently. */
const parse = (token: string) => {
  const url = new URL(`https://${token}`);
  return { host: url.host, path: url.pathname, query: Object.fromEntries(url.searchParams) };
};

describe('rdsAuthToken', () => {
  it.each([
    [
      'long-term credentials',
      { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    ],
    [
      'a role session (with a session token that needs URL encoding)',
      {
        accessKeyId: 'ASIAEXAMPLE000000000',
        secretAccessKey: 'secret/with+slashes=',
        sessionToken: 'IQoJb3JpZ2luX2VjEP//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/=+',
      },
    ],
  ])('signs like @aws-sdk/rds-signer, with %s', async (_name, credentials) => {
    const ours = rdsAuthToken({ ...REQUEST, credentials, now: NOW });
    const reference = await sdkToken(credentials);

    expect(parse(ours)).toEqual(parse(reference));
    expect(parse(ours).query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks for the connect action of the user, valid for 15 minutes, without a scheme', () => {
    const token = rdsAuthToken({
      ...REQUEST,
      credentials: { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'x' },
      now: NOW,
    });

    expect(token.startsWith(`${REQUEST.hostname}:3306/?Action=connect&DBUser=zeroetl_ingest&`)).toBe(true);
    expect(parse(token).query).toMatchObject({
      'X-Amz-Date': '20261130T134507Z',
      'X-Amz-Expires': String(AUTH_TOKEN_EXPIRES_SECONDS),
      'X-Amz-Credential': 'AKIAEXAMPLE000000000/20261130/us-east-1/rds-db/aws4_request',
    });
    expect(AUTH_TOKEN_EXPIRES_SECONDS).toBe(900);
  });
});
