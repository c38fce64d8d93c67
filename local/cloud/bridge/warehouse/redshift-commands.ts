/**
 * The Redshift statements the warehouse answers itself instead of passing them to PostgreSQL
 * (PGlite): databases and zero-ETL integrations. Pure: one SQL statement in, a command or undefined.
 *
 * - `CREATE DATABASE name FROM INTEGRATION 'id' [DATABASE source] [SET …]` and `CREATE DATABASE name`
 *   (Amazon Redshift Database Developer Guide, "CREATE DATABASE").
 * - `DROP DATABASE name` ("DROP DATABASE").
 * - `ALTER DATABASE name INTEGRATION REFRESH { { ALL | INERROR } TABLES [IN SCHEMA s [, …]] |
 *   TABLE[S] s.t [, …] }` ("ALTER DATABASE"). sqlfluff's redshift dialect cannot parse this form
 *   (test/local/cloud/bridge/warehouse/redshift-commands.test.ts shows it), so it is recognised here.
 */

export type RefreshTarget =
  | { readonly kind: 'all'; readonly schemas?: readonly string[] }
  | { readonly kind: 'inerror'; readonly schemas?: readonly string[] }
  | {
      readonly kind: 'tables';
      readonly tables: readonly { readonly schema: string; readonly table: string }[];
    };

export type RedshiftCommand =
  | { readonly kind: 'create-database'; readonly database: string; readonly integrationId?: string }
  | { readonly kind: 'drop-database'; readonly database: string }
  | { readonly kind: 'refresh'; readonly database: string; readonly target: RefreshTarget };

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;

/** Redshift folds unquoted identifiers to lower case (the target has case sensitivity on, R2, but
 *  names written without quotes still fold); quoted ones keep their case. */
export function identifier(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

function strip(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '')
    .trim();
}

function list(text: string): string[] {
  return (text.match(new RegExp(`${IDENT}(?:\\.${IDENT})?`, 'g')) ?? []).map((part) => part);
}

export function parseRedshiftCommand(sql: string): RedshiftCommand | undefined {
  const text = strip(sql);
  let match = new RegExp(
    String.raw`^CREATE DATABASE (${IDENT}) FROM INTEGRATION '([^']+)'(?: DATABASE ${IDENT})?(?: SET .*)?$`,
    'i',
  ).exec(text);
  if (match) return { kind: 'create-database', database: identifier(match[1]), integrationId: match[2] };
  match = new RegExp(String.raw`^CREATE DATABASE (${IDENT})(?: WITH .*| OWNER .*)?$`, 'i').exec(text);
  if (match) return { kind: 'create-database', database: identifier(match[1]) };
  match = new RegExp(String.raw`^DROP DATABASE (${IDENT})$`, 'i').exec(text);
  if (match) return { kind: 'drop-database', database: identifier(match[1]) };
  match = new RegExp(String.raw`^ALTER DATABASE (${IDENT}) INTEGRATION REFRESH (.+)$`, 'i').exec(text);
  if (!match) return undefined;
  const database = identifier(match[1]);
  const rest = match[2];
  const bulk = /^(ALL|INERROR) TABLES(?: IN SCHEMA (.+))?$/i.exec(rest);
  if (bulk) {
    const schemas = bulk[2] ? list(bulk[2]).map(identifier) : undefined;
    return {
      kind: 'refresh',
      database,
      target: { kind: bulk[1].toLowerCase() as 'all' | 'inerror', schemas },
    };
  }
  const named = /^TABLES? (.+)$/i.exec(rest);
  if (!named) return undefined;
  const tables = list(named[1]).map((name) => {
    const parts = name.match(new RegExp(IDENT, 'g')) ?? [];
    return parts.length === 2
      ? { schema: identifier(parts[0]), table: identifier(parts[1]) }
      : { schema: '', table: identifier(parts[0] ?? '') };
  });
  return { kind: 'refresh', database, target: { kind: 'tables', tables } };
}

/** Statements that start a transaction block's worth of work are refused inside one (R7). */
export function mustRunOutsideTransaction(command: RedshiftCommand): boolean {
  return command.kind !== 'refresh';
}
