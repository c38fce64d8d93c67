/**
 * PostgreSQL (PGlite) results as the Redshift Data API returns them: `ColumnMetadata` with Redshift's
 * type names and `Field` values (GetStatementResult, Redshift Data API Reference): integers as
 * `longValue`, floats as `doubleValue`, booleans as `booleanValue`, NULL as `isNull`, everything else
 * (numeric, dates, timestamps, SUPER) as `stringValue` in Redshift's text form. Error text is
 * Redshift's: `ERROR: ` and the server's message. Pure.
 */
import type { StatementColumn, StatementField } from '../contract';

/** PostgreSQL type OID → Redshift's type name. */
const TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'bool',
  17: 'varbyte',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  700: 'float4',
  701: 'float8',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1700: 'numeric',
  3802: 'super',
  114: 'super',
  19: 'name',
  26: 'oid',
};

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'oid']);
const FLOAT_TYPES = new Set(['float4', 'float8']);

export const redshiftTypeName = (oid: number) => TYPE_NAMES[oid] ?? 'varchar';

export function columnMetadata(field: { name: string; dataTypeID: number }): StatementColumn {
  const typeName = redshiftTypeName(field.dataTypeID);
  return {
    name: field.name,
    label: field.name,
    typeName,
    nullable: 1,
    isSigned: INTEGER_TYPES.has(typeName) || FLOAT_TYPES.has(typeName) || typeName === 'numeric',
    isCaseSensitive: ['varchar', 'bpchar', 'text', 'name', 'super'].includes(typeName),
    isCurrency: false,
    length: 0,
    precision: 0,
    scale: 0,
    schemaName: '',
    tableName: '',
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `2026-01-02 03:04:05.678` (UTC), as Redshift prints TIMESTAMP. */
function timestampText(date: Date, withZone: boolean): string {
  const base =
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const millis = date.getUTCMilliseconds();
  return `${base}${millis ? `.${pad(millis, 3)}` : ''}${withZone ? '+00' : ''}`;
}

export function fieldValue(value: unknown, oid: number): StatementField {
  if (value === null || value === undefined) return { isNull: true };
  const typeName = redshiftTypeName(oid);
  if (INTEGER_TYPES.has(typeName)) return { longValue: Number(value) };
  if (FLOAT_TYPES.has(typeName)) return { doubleValue: Number(value) };
  if (typeName === 'bool') return { booleanValue: Boolean(value) };
  if (value instanceof Date) {
    if (typeName === 'date') return { stringValue: timestampText(value, false).slice(0, 10) };
    return { stringValue: timestampText(value, typeName === 'timestamptz') };
  }
  if (value instanceof Uint8Array) return { stringValue: Buffer.from(value).toString('hex') };
  if (typeof value === 'object') return { stringValue: JSON.stringify(value) };
  return { stringValue: String(value) };
}

/** Redshift's error text for a failed statement. */
export function redshiftError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('ERROR: ') ? message : `ERROR: ${message}`;
}
