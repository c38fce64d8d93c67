/**
 * The MySQL client/server protocol pieces the front needs (MySQL and MariaDB speak the same
 * connection phase): packet framing, the server greeting, the client's handshake response, OK/ERR
 * packets and the mysql_native_password scramble. Reference: MySQL source documentation, "Client/Server
 * Protocol" → "Connection Phase" (Protocol::HandshakeV10, Protocol::HandshakeResponse41,
 * Protocol::SSLRequest, Protocol::AuthSwitchRequest) and "Generic Response Packets" (OK, ERR). Pure.
 */
import { createHash } from 'node:crypto';

/** Capability flags (Protocol::CapabilityFlags). */
export const CAPABILITY = {
  connectWithDb: 0x8,
  compress: 0x20,
  protocol41: 0x200,
  ssl: 0x800,
  secureConnection: 0x8000,
  pluginAuth: 0x80000,
  connectAttrs: 0x100000,
  pluginAuthLenencClientData: 0x200000,
  /** MySQL 8.0.18+: zstd-compressed protocol. */
  zstdCompression: 0x4000000,
} as const;

export const COMMAND = { query: 0x03, changeUser: 0x11, stmtPrepare: 0x16 } as const;

/** Payloads of this length continue in the next packet. */
export const MAX_PAYLOAD = 0xffffff;

export interface Packet {
  readonly sequence: number;
  readonly payload: Buffer;
}

export function encodePacket(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence & 0xff;
  return Buffer.concat([header, payload]);
}

/** Splits complete packets off the front of `buffer`; returns them and what is left. */
export function splitPackets(buffer: Buffer): { packets: Packet[]; rest: Buffer } {
  const packets: Packet[] = [];
  let offset = 0;
  while (buffer.length - offset >= 4) {
    const length = buffer.readUIntLE(offset, 3);
    if (buffer.length - offset - 4 < length) break;
    packets.push({ sequence: buffer[offset + 3], payload: buffer.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  return { packets, rest: buffer.subarray(offset) };
}

function readNulString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  const stop = end === -1 ? buffer.length : end;
  return [buffer.toString('utf8', offset, stop), stop + 1];
}

function readLenencInt(buffer: Buffer, offset: number): [number, number] {
  const first = buffer[offset];
  if (first < 0xfb) return [first, offset + 1];
  if (first === 0xfc) return [buffer.readUInt16LE(offset + 1), offset + 3];
  if (first === 0xfd) return [buffer.readUIntLE(offset + 1, 3), offset + 4];
  return [Number(buffer.readBigUInt64LE(offset + 1)), offset + 9];
}

function lenencInt(value: number): Buffer {
  if (value < 0xfb) return Buffer.from([value]);
  if (value < 0x10000) return Buffer.from([0xfc, value & 0xff, value >> 8]);
  const buffer = Buffer.alloc(4);
  buffer[0] = 0xfd;
  buffer.writeUIntLE(value, 1, 3);
  return buffer;
}

export interface ServerGreeting {
  readonly serverVersion: string;
  readonly capabilities: number;
  /** The 20-byte scramble (nonce) the auth response is computed from. */
  readonly nonce: Buffer;
  readonly authPlugin: string;
}

/** Where the capability flags sit in a HandshakeV10 payload, to rewrite them in place. */
function greetingLayout(payload: Buffer) {
  const versionEnd = payload.indexOf(0, 1);
  const lowerFlags = versionEnd + 1 + 4 + 8 + 1;
  const upperFlags = lowerFlags + 2 + 1 + 2;
  return { versionEnd, lowerFlags, upperFlags };
}

export function parseGreeting(payload: Buffer): ServerGreeting {
  if (payload[0] !== 10) throw new Error(`unexpected protocol version ${payload[0]} in the server greeting`);
  const { versionEnd, lowerFlags, upperFlags } = greetingLayout(payload);
  const capabilities = payload.readUInt16LE(lowerFlags) | (payload.readUInt16LE(upperFlags) << 16);
  const part1 = payload.subarray(versionEnd + 5, versionEnd + 13);
  const authDataLength = payload[upperFlags + 2];
  const part2Start = upperFlags + 3 + 10;
  const part2Length = Math.max(13, authDataLength - 8);
  // The second part ends with a NUL that is not part of the scramble.
  const part2 = payload.subarray(part2Start, part2Start + part2Length - 1);
  const [authPlugin] = readNulString(payload, part2Start + part2Length);
  return {
    serverVersion: payload.toString('utf8', 1, versionEnd),
    capabilities: capabilities >>> 0,
    nonce: Buffer.concat([part1, part2]),
    authPlugin,
  };
}

/** A copy of the greeting with capability bits set and cleared. */
export function rewriteGreetingCapabilities(payload: Buffer, set: number, clear: number): Buffer {
  const copy = Buffer.from(payload);
  const { lowerFlags, upperFlags } = greetingLayout(copy);
  const capabilities = (copy.readUInt16LE(lowerFlags) | (copy.readUInt16LE(upperFlags) << 16) | set) & ~clear;
  copy.writeUInt16LE(capabilities & 0xffff, lowerFlags);
  copy.writeUInt16LE((capabilities >>> 16) & 0xffff, upperFlags);
  return copy;
}

export interface HandshakeResponse {
  readonly capabilities: number;
  readonly maxPacketSize: number;
  readonly characterSet: number;
  /** The 23 filler bytes (MariaDB keeps its extended capabilities in the last four). */
  readonly reserved: Buffer;
  readonly user: string;
  readonly authResponse: Buffer;
  readonly database?: string;
  readonly authPlugin?: string;
  /** The raw connection attributes block (length-encoded), passed on unchanged. */
  readonly attributes?: Buffer;
}

/** The SSLRequest is the first 32 bytes of a handshake response, with CLIENT_SSL set. */
export function isSslRequest(payload: Buffer): boolean {
  return payload.length === 32 && (payload.readUInt32LE(0) & CAPABILITY.ssl) !== 0;
}

export function parseHandshakeResponse(payload: Buffer): HandshakeResponse {
  const capabilities = payload.readUInt32LE(0) >>> 0;
  if (!(capabilities & CAPABILITY.protocol41)) throw new Error('the client does not speak protocol 4.1');
  const [user, afterUser] = readNulString(payload, 32);
  let offset = afterUser;
  let authResponse: Buffer;
  if (capabilities & CAPABILITY.pluginAuthLenencClientData) {
    let length: number;
    [length, offset] = readLenencInt(payload, offset);
    authResponse = payload.subarray(offset, offset + length);
    offset += length;
  } else if (capabilities & CAPABILITY.secureConnection) {
    const length = payload[offset];
    authResponse = payload.subarray(offset + 1, offset + 1 + length);
    offset += 1 + length;
  } else {
    const end = payload.indexOf(0, offset);
    authResponse = payload.subarray(offset, end);
    offset = end + 1;
  }
  let database: string | undefined;
  if (capabilities & CAPABILITY.connectWithDb && offset < payload.length) {
    [database, offset] = readNulString(payload, offset);
  }
  let authPlugin: string | undefined;
  if (capabilities & CAPABILITY.pluginAuth && offset < payload.length) {
    [authPlugin, offset] = readNulString(payload, offset);
  }
  const attributes =
    capabilities & CAPABILITY.connectAttrs && offset < payload.length ? payload.subarray(offset) : undefined;
  return {
    capabilities,
    maxPacketSize: payload.readUInt32LE(4),
    characterSet: payload[8],
    reserved: payload.subarray(9, 32),
    user,
    authResponse,
    database,
    authPlugin,
    attributes,
  };
}

function header(
  response: Pick<HandshakeResponse, 'capabilities' | 'maxPacketSize' | 'characterSet' | 'reserved'>,
) {
  const buffer = Buffer.alloc(32);
  buffer.writeUInt32LE(response.capabilities >>> 0, 0);
  buffer.writeUInt32LE(response.maxPacketSize >>> 0, 4);
  buffer[8] = response.characterSet;
  response.reserved.copy(buffer, 9, 0, 23);
  return buffer;
}

export function encodeSslRequest(
  response: Pick<HandshakeResponse, 'capabilities' | 'maxPacketSize' | 'characterSet' | 'reserved'>,
): Buffer {
  return header({ ...response, capabilities: response.capabilities | CAPABILITY.ssl });
}

export function encodeHandshakeResponse(response: HandshakeResponse): Buffer {
  const { capabilities } = response;
  const parts: Buffer[] = [header(response), Buffer.from(`${response.user}\0`)];
  if (capabilities & CAPABILITY.pluginAuthLenencClientData) {
    parts.push(lenencInt(response.authResponse.length), response.authResponse);
  } else if (capabilities & CAPABILITY.secureConnection) {
    parts.push(Buffer.from([response.authResponse.length]), response.authResponse);
  } else {
    parts.push(response.authResponse, Buffer.from([0]));
  }
  if (capabilities & CAPABILITY.connectWithDb) parts.push(Buffer.from(`${response.database ?? ''}\0`));
  if (capabilities & CAPABILITY.pluginAuth) parts.push(Buffer.from(`${response.authPlugin ?? ''}\0`));
  if (capabilities & CAPABILITY.connectAttrs && response.attributes) parts.push(response.attributes);
  return Buffer.concat(parts);
}

/** mysql_native_password: SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))). */
export function nativePasswordScramble(password: string, nonce: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest();
  const stage1 = sha1(password);
  const stage2 = sha1(Buffer.concat([nonce, sha1(stage1)]));
  return Buffer.from(stage1.map((byte, index) => byte ^ stage2[index]));
}

/** The `authentication_string` MySQL and MariaDB store for a mysql_native_password password. */
export function nativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password).digest();
  return `*${createHash('sha1').update(inner).digest('hex').toUpperCase()}`;
}

export function authSwitchRequest(plugin: string, data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([0xfe]), Buffer.from(`${plugin}\0`), data]);
}

/** The NUL-terminated clear-text password of a mysql_clear_password reply. */
export function clearPassword(payload: Buffer): string {
  const end = payload.indexOf(0);
  return payload.toString('utf8', 0, end === -1 ? payload.length : end);
}

export function errPacket(code: number, sqlState: string, message: string): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0xff;
  head.writeUInt16LE(code, 1);
  return Buffer.concat([head, Buffer.from(`#${sqlState}${message}`)]);
}

export const isOk = (payload: Buffer) => payload[0] === 0x00;
export const isErr = (payload: Buffer) => payload[0] === 0xff;
export const isAuthSwitch = (payload: Buffer) => payload[0] === 0xfe;
