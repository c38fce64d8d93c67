/**
 * Connecting to a MySQL-compatible server by URL, for every tool that takes one (the preflight,
 * `npm start --mysql-url`): the URL is checked first, the connect time is bounded, and a failure
 * becomes one message that names the server (password masked), what went wrong and what to check,
 * instead of a driver stack trace.
 */
import { createConnection, type Connection } from 'mysql2/promise';

/** How long a connection attempt may take: a port that never answers the MySQL handshake fails after this. */
export const MYSQL_CONNECT_TIMEOUT_MS = 10_000;

/** The URL is not a mysql:// URL. */
export class MysqlUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MysqlUrlError';
  }
}

/** The server could not be reached or refused the login. */
export class MysqlConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MysqlConnectionError';
  }
}

/** `mysql://user:secret@host/db` → `mysql://user:***@host/db`, for messages and reports. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}

/** Throws {@link MysqlUrlError} unless `url` is a mysql:// URL; `option` names where it came from. */
export function checkMysqlUrl(url: string, option: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MysqlUrlError(
      `${option} is not a valid URL; expected mysql://user:password@host:3306/[database]`,
    );
  }
  if (parsed.protocol !== 'mysql:') {
    throw new MysqlUrlError(`${option} must start with mysql:// (got ${parsed.protocol}//)`);
  }
  return parsed;
}

/** Why a connection failed, in words a user can act on (the driver's code and message come after). */
function hint(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return 'The server refused the login: check the user name and password in the URL';
    case 'ECONNREFUSED':
      return 'Nothing accepts connections there: check the host and port, and that the server is running';
    case 'ETIMEDOUT':
      return (
        `No MySQL handshake within ${timeoutMs / 1000} s: check the port (is it a MySQL ` +
        'server?) and that this machine can reach it (for Aurora: security group, VPC access or a bastion tunnel)'
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name does not resolve: check the host';
    default:
      return 'Check the host, port and credentials, and that this machine can reach the server';
  }
}

export interface ConnectOptions {
  /** Where the URL came from, for messages (e.g. `--mysql-url`). */
  readonly option: string;
  readonly multipleStatements?: boolean;
  /** @default MYSQL_CONNECT_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/** Opens one connection, or throws {@link MysqlUrlError} / {@link MysqlConnectionError}. */
export async function connectMysql(url: string, options: ConnectOptions): Promise<Connection> {
  checkMysqlUrl(url, options.option);
  const timeoutMs = options.timeoutMs ?? MYSQL_CONNECT_TIMEOUT_MS;
  try {
    return await createConnection({
      uri: url,
      connectTimeout: timeoutMs,
      multipleStatements: options.multipleStatements ?? false,
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    throw new MysqlConnectionError(
      `Cannot connect to ${redactUrl(url)}: ${hint(code, timeoutMs)} (${code ? `${code}: ` : ''}${message ?? String(error)}).`,
      { cause: error },
    );
  }
}
