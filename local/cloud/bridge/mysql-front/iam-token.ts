/**
 * Checks an RDS IAM database authentication token the way Aurora does before it lets an
 * `AWSAuthenticationPlugin` user in: the token is a SigV4-presigned `connect` request for the `rds-db`
 * service ("IAM database authentication for MariaDB, MySQL, and PostgreSQL" and "Connecting to your
 * DB cluster using IAM authentication", Aurora User Guide; "Create a presigned URL", AWS Signature
 * Version 4 reference). Every part is verified: the signature against the access key's secret, the
 * host and port it was made for, `Action=connect`, the `DBUser`, the credential scope (date, Region,
 * service), the session token of temporary credentials, and the time window (`X-Amz-Expires` at most
 * 900 seconds, a token is valid for 15 minutes). Pure apart from the clock passed in.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** RDS refuses tokens that claim a longer life (the Aurora User Guide's 15 minutes). */
export const MAX_TOKEN_EXPIRES_SECONDS = 900;
/** How far in the future a token's X-Amz-Date may be (clock skew SigV4 allows). */
const MAX_CLOCK_SKEW_SECONDS = 300;
const SERVICE = 'rds-db';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

export interface TokenEndpoint {
  /** The host name the client connected to (what the token must be signed for). */
  readonly host: string;
  readonly port: number;
  readonly region: string;
}

export interface SigningSecret {
  readonly secretAccessKey: string;
  /** Set for temporary credentials (a role session): the token must carry the same one. */
  readonly sessionToken?: string;
}

export interface ParsedToken {
  readonly host: string;
  readonly port: number;
  readonly accessKeyId: string;
  readonly dbUser: string;
  readonly params: ReadonlyMap<string, string>;
  readonly signature: string;
}

export type TokenVerdict =
  { readonly ok: true; readonly accessKeyId: string } | { readonly ok: false; readonly reason: string };

/** RFC 3986 encoding, as SigV4 canonicalises query strings. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `host:port/?query` → its parts; undefined when it is not shaped like a token at all. */
export function parseToken(token: string): ParsedToken | undefined {
  const match = /^([^/:?]+):(\d+)\/\?(.+)$/.exec(token.trim());
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const pair of match[3].split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return undefined;
    try {
      const key = decodeURIComponent(pair.slice(0, equals));
      // A repeated parameter is not a token SigV4 signed (its canonical query lists each once).
      if (params.has(key)) return undefined;
      params.set(decodeURIComponent(pair.slice(0, equals)), decodeURIComponent(pair.slice(equals + 1)));
    } catch {
      return undefined;
    }
  }
  const signature = params.get('X-Amz-Signature');
  const credential = params.get('X-Amz-Credential');
  if (!signature || !credential) return undefined;
  params.delete('X-Amz-Signature');
  return {
    host: match[1],
    port: Number(match[2]),
    accessKeyId: credential.split('/')[0],
    dbUser: params.get('DBUser') ?? '',
    params,
    signature,
  };
}

/** `20260102T030405Z` → epoch milliseconds; NaN when malformed. */
function amzDateMs(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The signature SigV4 gives this token's request with `secretAccessKey`. */
export function expectedSignature(token: ParsedToken, secretAccessKey: string): string {
  const canonicalQuery = [...token.params.keys()]
    .sort()
    .map((key) => `${encode(key)}=${encode(token.params.get(key)!)}`)
    .join('&');
  const host = `${token.host}:${token.port}`;
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}\n`, 'host', EMPTY_PAYLOAD_SHA256].join(
    '\n',
  );
  const amzDate = token.params.get('X-Amz-Date')!;
  const scope = token.params.get('X-Amz-Credential')!.split('/').slice(1).join('/');
  const [date, region, service] = scope.split('/');
  const stringToSign = [
    ALGORITHM,
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/**
 * Checks everything that does not need the secret: shape, action, user, endpoint, scope and time.
 * The reason names the first problem (for the local cloud's log; the client only sees 1045).
 */
export function checkTokenClaims(
  token: ParsedToken,
  expected: { readonly user: string; readonly endpoint: TokenEndpoint; readonly now: Date },
): string | undefined {
  const { params } = token;
  if (params.get('Action') !== 'connect')
    return `Action is ${params.get('Action') ?? 'missing'}, not connect`;
  if (token.dbUser !== expected.user) return `the token is for DBUser ${token.dbUser}, not ${expected.user}`;
  const { endpoint } = expected;
  if (token.host.toLowerCase() !== endpoint.host.toLowerCase() || token.port !== endpoint.port) {
    return `the token was signed for ${token.host}:${token.port}, not ${endpoint.host}:${endpoint.port}`;
  }
  if (params.get('X-Amz-Algorithm') !== ALGORITHM)
    return `unsupported algorithm ${params.get('X-Amz-Algorithm')}`;
  if (params.get('X-Amz-SignedHeaders') !== 'host') return 'the token must sign exactly the host header';
  const [, date, region, service, terminator] = params.get('X-Amz-Credential')!.split('/');
  const amzDate = params.get('X-Amz-Date') ?? '';
  if (date !== amzDate.slice(0, 8) || terminator !== 'aws4_request') return 'malformed credential scope';
  if (service !== SERVICE) return `the token is for service ${service}, not ${SERVICE}`;
  if (region !== endpoint.region) return `the token is for Region ${region}, not ${endpoint.region}`;
  const expires = Number(params.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires <= 0 || expires > MAX_TOKEN_EXPIRES_SECONDS) {
    return `X-Amz-Expires ${params.get('X-Amz-Expires')} is not 1–${MAX_TOKEN_EXPIRES_SECONDS} seconds`;
  }
  const signedAt = amzDateMs(amzDate);
  if (Number.isNaN(signedAt)) return `malformed X-Amz-Date ${amzDate}`;
  const now = expected.now.getTime();
  if (signedAt - now > MAX_CLOCK_SKEW_SECONDS * 1000) return 'the token is signed in the future';
  if (now > signedAt + expires * 1000)
    return `the token expired at ${new Date(signedAt + expires * 1000).toISOString()}`;
  return undefined;
}

/** The whole check, given the secret of the token's access key (undefined: an unknown key). */
export function verifyToken(
  token: ParsedToken,
  secret: SigningSecret | undefined,
  expected: { readonly user: string; readonly endpoint: TokenEndpoint; readonly now: Date },
): TokenVerdict {
  const claims = checkTokenClaims(token, expected);
  if (claims) return { ok: false, reason: claims };
  if (!secret) return { ok: false, reason: `unknown access key ${token.accessKeyId}` };
  if ((token.params.get('X-Amz-Security-Token') ?? '') !== (secret.sessionToken ?? '')) {
    return { ok: false, reason: 'the session token does not match the access key' };
  }
  const expectedHex = expectedSignature(token, secret.secretAccessKey);
  const matches =
    /^[0-9a-f]{64}$/.test(token.signature) &&
    timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(token.signature, 'hex'));
  return matches ? { ok: true, accessKeyId: token.accessKeyId } : { ok: false, reason: 'signature mismatch' };
}
