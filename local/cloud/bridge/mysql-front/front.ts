/**
 * The cluster endpoint: a MySQL-protocol front in front of the cluster's MariaDB. It terminates TLS
 * with a certificate from the local cloud's CA and authenticates as Aurora does:
 *
 * - an IAM user (created `IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'`, which the front rewrites,
 *   see iam-user-rewrite.ts) must come over TLS and is switched to `mysql_clear_password`; its
 *   password is an RDS authentication token, checked for real (iam-token.ts: signature against the
 *   key's secret from IAM, host, port, user, action, scope and expiry) and its principal must be
 *   allowed `rds-db:connect` on `arn:aws:rds-db:<region>:<account>:dbuser:<resource id>/<user>`
 *   ("Creating and using an IAM policy for IAM database access", Aurora User Guide). Then the front
 *   logs in to MariaDB with the password only it knows. A bad token gets Aurora's answer, error 1045.
 * - every other user passes through to MariaDB's own authentication: the front relays the
 *   greeting's scramble and the client's answer unchanged.
 *
 * The link to MariaDB mirrors the client's: TLS (verified against the same CA) when the client came
 * with TLS, plain otherwise, so MariaDB itself enforces `REQUIRE SSL` and `require_secure_transport`.
 * After the login the front relays bytes, rewriting only statements that create IAM users; it refuses
 * COM_CHANGE_USER (it would switch users past the token check).
 */
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { connect as connectTls, createSecureContext, TLSSocket } from 'node:tls';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { AccessKeyDirectory } from './access-keys';
import { checkTokenClaims, parseToken, verifyToken, type TokenEndpoint } from './iam-token';
import { mentionsIamPlugin, rewriteIamUserClauses } from './iam-user-rewrite';
import { PacketChannel, prependLeftover } from './packet-channel';
import {
  authSwitchRequest,
  CAPABILITY,
  clearPassword,
  COMMAND,
  encodeHandshakeResponse,
  encodePacket,
  encodeSslRequest,
  errPacket,
  isAuthSwitch,
  isErr,
  isOk,
  isSslRequest,
  MAX_PAYLOAD,
  nativePasswordHash,
  nativePasswordScramble,
  parseGreeting,
  parseHandshakeResponse,
  rewriteGreetingCapabilities,
  splitPackets,
  type HandshakeResponse,
} from './packets';

/** ER_ACCESS_DENIED_ERROR, as Aurora answers a bad IAM token. */
export const ACCESS_DENIED = { code: 1045, sqlState: '28000' } as const;
/** ER_SECURE_TRANSPORT_REQUIRED (MySQL 8.0, so Aurora MySQL 3). */
export const SECURE_TRANSPORT_REQUIRED = { code: 3159, sqlState: 'HY000' } as const;
/** ER_NOT_SUPPORTED_YET. */
const NOT_SUPPORTED = { code: 1235, sqlState: '42000' } as const;

export interface MysqlFrontOptions {
  /** MariaDB behind the front (loopback). */
  readonly backend: { readonly host: string; readonly port: number };
  /** Root URL of that server, to tell IAM users from password users. */
  readonly adminUrl: string;
  /** The front's certificate and key, and the CA that signed MariaDB's certificate. */
  readonly tls: { readonly certPem: string; readonly keyPem: string; readonly caPem: string };
  /** The endpoint host name tokens must be signed for. @default '127.0.0.1' */
  readonly host?: string;
  readonly region: string;
  /** `arn:aws:rds-db:<region>:<account>:dbuser:<resource id>/` — the user name is appended. */
  readonly dbUserArnPrefix: string;
  /** The password IAM users have in MariaDB (alphanumeric; only the front knows it). */
  readonly iamPassword: string;
  readonly accessKeys: AccessKeyDirectory;
  /** Why a connection was refused or failed (for the local cloud's log). @default - dropped */
  readonly log?: (line: string) => void;
  /** @default - the system clock */
  readonly now?: () => Date;
  /** The cluster's `require_secure_transport` (P1), read per connection. @default - off */
  readonly requireSecureTransport?: () => boolean;
}

export interface MysqlFront {
  readonly host: string;
  readonly port: number;
  /** Stops listening and closes every relayed connection. */
  close(): Promise<void>;
}

const HANDSHAKE_TIMEOUT_MS = 30_000;
const CLEAR_PASSWORD_PLUGIN = 'mysql_clear_password';
const NATIVE_PASSWORD_PLUGIN = 'mysql_native_password';

class RefusedError extends Error {}

export async function startMysqlFront(options: MysqlFrontOptions, port = 0): Promise<MysqlFront> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const admin: Pool = createPool({ uri: options.adminUrl, connectionLimit: 2 });
  const secureContext = createSecureContext({ cert: options.tls.certPem, key: options.tls.keyPem });
  const sockets = new Set<Duplex>();
  const track = (stream: Duplex) => {
    sockets.add(stream);
    stream.once('close', () => sockets.delete(stream));
    return stream;
  };

  const server: Server = createServer((client) => {
    track(client);
    client.on('error', () => undefined);
    handle(client).catch((error: Error) => {
      if (!(error instanceof RefusedError)) log(`mysql front: connection failed: ${error.message}`);
      client.destroy();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const endpoint: TokenEndpoint = {
    host,
    port: typeof address === 'object' && address ? address.port : port,
    region: options.region,
  };

  async function isIamUser(user: string): Promise<boolean> {
    const [rows] = await admin.query<RowDataPacket[]>(
      'SELECT 1 FROM mysql.user WHERE User = ? AND authentication_string = ? LIMIT 1',
      [user, nativePasswordHash(options.iamPassword)],
    );
    return rows.length > 0;
  }

  async function handle(clientSocket: Socket): Promise<void> {
    const clientAddress = clientSocket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const backendSocket = track(connectTcp(options.backend.port, options.backend.host));
    backendSocket.on('error', () => undefined);
    const closeBoth = () => {
      clientSocket.destroy();
      backendSocket.destroy();
    };
    clientSocket.once('close', closeBoth);
    backendSocket.once('close', closeBoth);

    let backend = new PacketChannel(backendSocket);
    const greetingPacket = await backend.read(HANDSHAKE_TIMEOUT_MS);
    if (isErr(greetingPacket.payload)) {
      clientSocket.end(encodePacket(0, greetingPacket.payload));
      throw new RefusedError();
    }
    const greeting = parseGreeting(greetingPacket.payload);
    const backendHasTls = (greeting.capabilities & CAPABILITY.ssl) !== 0;
    const noCompression = CAPABILITY.compress | CAPABILITY.zstdCompression;

    let client = new PacketChannel(clientSocket);
    client.write(0, rewriteGreetingCapabilities(greetingPacket.payload, CAPABILITY.ssl, noCompression));
    let first = await client.read(HANDSHAKE_TIMEOUT_MS);
    let clientTls = false;
    let clientStream: Duplex = clientSocket;
    if (isSslRequest(first.payload)) {
      const leftover = client.release();
      const tlsSocket = new TLSSocket(prependLeftover(clientSocket, leftover), {
        isServer: true,
        secureContext,
        minVersion: 'TLSv1.2',
      });
      tlsSocket.on('error', () => clientSocket.destroy());
      await once(tlsSocket, 'secure');
      clientTls = true;
      clientStream = track(tlsSocket);
      client = new PacketChannel(clientStream);
      first = await client.read(HANDSHAKE_TIMEOUT_MS);
    }
    const response = parseHandshakeResponse(first.payload);
    const refuse = (sequence: number, error: { code: number; sqlState: string }, message: string): never => {
      clientStream.end(encodePacket(sequence, errPacket(error.code, error.sqlState, message)));
      throw new RefusedError(message);
    };
    if (!clientTls && options.requireSecureTransport?.()) {
      refuse(
        first.sequence + 1,
        SECURE_TRANSPORT_REQUIRED,
        'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
      );
    }
    const accessDenied = `Access denied for user '${response.user}'@'${clientAddress}' (using password: YES)`;

    // The backend link mirrors the client's transport.
    const backendCapabilities = (response.capabilities & ~noCompression & ~CAPABILITY.ssl) >>> 0;
    let backendSequence = 1;
    let backendStream: Duplex = backendSocket;
    if (clientTls && backendHasTls) {
      backend.write(backendSequence++, encodeSslRequest({ ...response, capabilities: backendCapabilities }));
      const leftover = backend.release();
      if (leftover.length > 0) throw new Error('MariaDB sent data before the TLS handshake');
      const tlsSocket = connectTls({
        socket: backendSocket,
        host: options.backend.host,
        ca: options.tls.caPem,
        minVersion: 'TLSv1.2',
      });
      tlsSocket.on('error', () => backendSocket.destroy());
      await once(tlsSocket, 'secureConnect');
      backendStream = track(tlsSocket);
      backend = new PacketChannel(backendStream);
    }
    const linkCapabilities =
      clientTls && backendHasTls ? backendCapabilities | CAPABILITY.ssl : backendCapabilities;

    let clientSequence = first.sequence + 1;
    if (await isIamUser(response.user)) {
      // RDS IAM authentication needs TLS (REQUIRE SSL) and a token sent in clear text over it.
      if (!clientTls) refuse(clientSequence, ACCESS_DENIED, accessDenied);
      client.write(clientSequence++, authSwitchRequest(CLEAR_PASSWORD_PLUGIN));
      const reply = await client.read(HANDSHAKE_TIMEOUT_MS);
      clientSequence = reply.sequence + 1;
      const denial = await checkIamToken(response.user, clearPassword(reply.payload));
      if (denial) {
        log(`mysql front: IAM authentication of ${response.user} refused: ${denial}`);
        refuse(clientSequence, ACCESS_DENIED, accessDenied);
      }
      const ownLogin: HandshakeResponse = {
        ...response,
        capabilities: (linkCapabilities | CAPABILITY.pluginAuth | CAPABILITY.secureConnection) >>> 0,
        authResponse: nativePasswordScramble(options.iamPassword, greeting.nonce),
        authPlugin: NATIVE_PASSWORD_PLUGIN,
      };
      backend.write(backendSequence, encodeHandshakeResponse(ownLogin));
      for (;;) {
        const answer = await backend.read(HANDSHAKE_TIMEOUT_MS);
        if (isAuthSwitch(answer.payload)) {
          const nonce = answer.payload.subarray(answer.payload.indexOf(0, 1) + 1);
          const scramble = nativePasswordScramble(options.iamPassword, nonce.subarray(0, 20));
          backend.write(answer.sequence + 1, scramble);
          continue;
        }
        client.write(clientSequence, answer.payload);
        if (!isOk(answer.payload)) throw new RefusedError('MariaDB refused the IAM user');
        break;
      }
    } else {
      // Native authentication end to end: MariaDB checks the answer to its own scramble.
      const delta = clientSequence - 1 - backendSequence;
      backend.write(
        backendSequence,
        encodeHandshakeResponse({ ...response, capabilities: linkCapabilities }),
      );
      for (;;) {
        const answer = await backend.read(HANDSHAKE_TIMEOUT_MS);
        client.write(answer.sequence + delta, answer.payload);
        if (isOk(answer.payload)) break;
        if (isErr(answer.payload)) throw new RefusedError('MariaDB refused the login');
        const fastAuthOk =
          answer.payload[0] === 0x01 && answer.payload.length === 2 && answer.payload[1] === 0x03;
        if (fastAuthOk) continue;
        const reply = await client.read(HANDSHAKE_TIMEOUT_MS);
        backend.write(reply.sequence - delta, reply.payload);
      }
    }

    relay(client.release(), clientStream, backend.release(), backendStream);
  }

  async function checkIamToken(user: string, password: string): Promise<string | undefined> {
    const token = parseToken(password);
    if (!token) return 'the password is not an RDS authentication token';
    const expected = { user, endpoint, now: options.now?.() ?? new Date() };
    const claims = checkTokenClaims(token, expected);
    if (claims) return claims;
    const key = await options.accessKeys.lookup(token.accessKeyId);
    const verdict = verifyToken(token, key, expected);
    if (!verdict.ok) return verdict.reason;
    const resource = `${options.dbUserArnPrefix}${user}`;
    const allowed = await options.accessKeys.isAllowed({
      principalArn: key!.principalArn,
      action: 'rds-db:connect',
      resource,
    });
    return allowed ? undefined : `${key!.principalArn} is not allowed rds-db:connect on ${resource}`;
  }

  /** Command phase: bytes both ways, IAM user statements rewritten, COM_CHANGE_USER refused. */
  function relay(
    clientLeftover: Buffer,
    clientStream: Duplex,
    backendLeftover: Buffer,
    backendStream: Duplex,
  ) {
    if (backendLeftover.length > 0) clientStream.write(backendLeftover);
    backendStream.pipe(clientStream);
    backendStream.resume();
    let pending = Buffer.alloc(0);
    let continuing = false;
    const forward = (chunk: Buffer) => {
      const { packets, rest } = splitPackets(Buffer.concat([pending, chunk]));
      pending = Buffer.from(rest);
      for (const packet of packets) {
        const startsCommand = packet.sequence === 0 && !continuing;
        continuing = packet.payload.length === MAX_PAYLOAD;
        if (startsCommand && packet.payload[0] === COMMAND.changeUser) {
          const message =
            "This version of MySQL doesn't yet support 'COM_CHANGE_USER through the local cloud endpoint'";
          clientStream.write(encodePacket(1, errPacket(NOT_SUPPORTED.code, NOT_SUPPORTED.sqlState, message)));
          continue;
        }
        const statement = packet.payload[0] === COMMAND.query || packet.payload[0] === COMMAND.stmtPrepare;
        if (startsCommand && !continuing && statement && mentionsIamPlugin(packet.payload)) {
          const { sql } = rewriteIamUserClauses(packet.payload.toString('utf8', 1), options.iamPassword);
          const payload = Buffer.concat([packet.payload.subarray(0, 1), Buffer.from(sql)]);
          backendStream.write(encodePacket(0, payload));
          continue;
        }
        backendStream.write(encodePacket(packet.sequence, packet.payload));
      }
    };
    if (clientLeftover.length > 0) forward(clientLeftover);
    clientStream.on('data', forward);
    clientStream.resume();
    clientStream.on('end', () => backendStream.end());
  }

  return {
    host,
    port: endpoint.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await admin.end();
    },
  };
}
