/**
 * How the local warehouse (PGlite, i.e. PostgreSQL) stands in for Redshift types, and how source
 * values are normalised on the way in. The Redshift type itself comes from the shared S7 mapping
 * (`redshiftTypeFor`); this file only translates the few Redshift-only names.
 */

/** Redshift type (from `redshiftTypeFor`) → the PostgreSQL type PGlite stores it as. */
export function postgresTypeFor(redshiftType: string): string {
  const upper = redshiftType.toUpperCase();
  if (upper === 'SUPER') return 'JSONB';
  if (upper.startsWith('VARBYTE')) return 'BYTEA';
  if (upper.startsWith('DECIMAL')) return upper.replace('DECIMAL', 'NUMERIC');
  return upper;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: the binlog decoder and the snapshot both read DATETIME as UTC. */
function formatTimestamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.` +
    pad(date.getUTCMilliseconds(), 3)
  );
}

/** Converts one source value (from mysql2 or the binlog decoder) into a PGlite query parameter. */
export function toWarehouseValue(value: unknown, postgresType: string): unknown {
  if (value === null || value === undefined) return null;
  const type = postgresType.toUpperCase();
  if (type === 'JSONB') return typeof value === 'string' ? value : JSON.stringify(value);
  if (type === 'BYTEA') {
    if (Buffer.isBuffer(value)) return new Uint8Array(value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64BE(BigInt(value));
      return new Uint8Array(bytes);
    }
    return new Uint8Array(Buffer.from(String(value)));
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null; // MySQL's zero date has no PostgreSQL equivalent.
    return type === 'DATE' ? formatTimestamp(value).slice(0, 10) : formatTimestamp(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (type.startsWith('VARCHAR') && typeof value !== 'string') return String(value);
  if ((type === 'TIMESTAMP' || type === 'DATE') && typeof value === 'string' && value.startsWith('0000')) {
    return null;
  }
  return value;
}
