/**
 * An RDS IAM database authentication token: a SigV4-presigned `connect` request for the `rds-db`
 * service, which the database accepts as the password of a user created `IDENTIFIED WITH
 * AWSAuthenticationPlugin` for 15 minutes. Pure (node:crypto only), and the same token
 * @aws-sdk/rds-signer makes (tests compare them), without bundling the SDK's signer.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Set for temporary credentials, such as a Lambda function's role session. */
  readonly sessionToken?: string;
}

export interface AuthTokenRequest {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** @default - now */
  readonly now?: Date;
}

/** How long a token is accepted (RDS allows at most 15 minutes). */
export const AUTH_TOKEN_EXPIRES_SECONDS = 900;
const SERVICE = 'rds-db';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding, as SigV4 requires (encodeURIComponent leaves !'()* alone). */
const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export function rdsAuthToken(request: AuthTokenRequest): string {
  const { credentials, region } = request;
  const amzDate = (request.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${region}/${SERVICE}/aws4_request`;
  const host = `${request.hostname}:${request.port}`;
  const query: Record<string, string> = {
    Action: 'connect',
    DBUser: request.username,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(AUTH_TOKEN_EXPIRES_SECONDS),
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
    'X-Amz-SignedHeaders': 'host',
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((key) => `${encode(key)}=${encode(query[key])}`)
    .join('&');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}\n`, 'host', EMPTY_PAYLOAD_SHA256].join(
    '\n',
  );
  const stringToSign = [
    ALGORITHM,
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), SERVICE),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `${host}/?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
