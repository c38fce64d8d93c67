/**
 * MySQL → Redshift type mapping used by zero-ETL (rule S7 of the zero-ETL reference), as a pure
 * function over an `information_schema.COLUMNS.COLUMN_TYPE` string such as `int(10) unsigned`,
 * `decimal(10,7)` or `enum('a','b')`.
 *
 * Shared by the preflight checker (which fails unsupported columns before they fail in Redshift)
 * and the local pipeline (which creates its warehouse tables with the types Redshift would use).
 */

/** A column Redshift can replicate, with the type it will get there. */
export interface SupportedMapping {
  readonly supported: true;
  /** The Redshift type, e.g. `INTEGER`, `VARCHAR(255)`, `DECIMAL(10,7)`. */
  readonly redshiftType: string;
  /** A soft problem worth showing (e.g. values that may exceed Redshift's VARCHAR limit, S8). */
  readonly warning?: string;
}

/** A column zero-ETL cannot replicate: its table goes Failed in Redshift. */
export interface UnsupportedMapping {
  readonly supported: false;
  /** Why, and what to do instead. */
  readonly reason: string;
}

export type RedshiftMapping = SupportedMapping | UnsupportedMapping;

/** Redshift's DECIMAL limits (S7). */
export const REDSHIFT_MAX_DECIMAL_PRECISION = 38;
export const REDSHIFT_MAX_DECIMAL_SCALE = 37;
/** Redshift's VARCHAR limit in bytes (S8). */
export const REDSHIFT_MAX_VARCHAR_BYTES = 65_535;

const BLOB_TYPES = new Set(['tinyblob', 'blob', 'mediumblob', 'longblob']);
const SPATIAL_TYPES = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

export interface ParsedColumnType {
  /** Lower-case base type, e.g. `int`, `varchar`, `enum`. */
  readonly base: string;
  /** Numbers in the parentheses, e.g. `[10, 7]` for `decimal(10,7)`; empty for enum/set or none. */
  readonly args: readonly number[];
  readonly unsigned: boolean;
}

/** Splits `decimal(10,7) unsigned zerofill` into base type, numeric arguments and signedness. */
export function parseColumnType(columnType: string): ParsedColumnType {
  const text = columnType.trim().toLowerCase();
  const match = /^([a-z][a-z0-9 ]*?)\s*(?:\(([^)]*)\))?((?:\s+(?:unsigned|signed|zerofill))*)\s*$/.exec(
    text.replace(/\(.*\)/s, (inner) => (inner.includes("'") ? '()' : inner)),
  );
  if (!match) return { base: text, args: [], unsigned: false };
  const [, base, rawArgs = '', modifiers = ''] = match;
  const args = rawArgs
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
  return { base: base.trim().replace(/\s+/g, ' '), args, unsigned: /\bunsigned\b/.test(modifiers) };
}

const supported = (redshiftType: string, warning?: string): SupportedMapping =>
  warning ? { supported: true, redshiftType, warning } : { supported: true, redshiftType };
const unsupported = (reason: string): UnsupportedMapping => ({ supported: false, reason });

function mapDecimal(args: readonly number[], columnType: string): RedshiftMapping {
  // MySQL defaults: DECIMAL = DECIMAL(10,0), DECIMAL(p) = DECIMAL(p,0).
  const [precision = 10, scale = 0] = args;
  if (precision > REDSHIFT_MAX_DECIMAL_PRECISION || scale > REDSHIFT_MAX_DECIMAL_SCALE) {
    return unsupported(
      `${columnType} exceeds Redshift's DECIMAL limits (precision ≤ ${REDSHIFT_MAX_DECIMAL_PRECISION}, ` +
        `scale ≤ ${REDSHIFT_MAX_DECIMAL_SCALE}); narrow the column, e.g. DECIMAL(38,${Math.min(scale, 37)}), ` +
        'or store it as VARCHAR.',
    );
  }
  return supported(`DECIMAL(${precision},${scale})`);
}

const LONG_TEXT_WARNING =
  `values over ${REDSHIFT_MAX_VARCHAR_BYTES} bytes fail the table in Redshift (S8) unless the integration ` +
  'database is created with TRUNCATECOLUMNS; keep values shorter or use TEXT';

/**
 * The Redshift type zero-ETL gives a MySQL column, or why it cannot replicate it.
 *
 * @param columnType `information_schema.COLUMNS.COLUMN_TYPE` (or a type as written in DDL).
 */
export function redshiftTypeFor(columnType: string): RedshiftMapping {
  const { base, args, unsigned } = parseColumnType(columnType);
  const [length] = args;
  switch (base) {
    case 'tinyint':
    case 'bool':
    case 'boolean':
    case 'smallint':
      return supported('SMALLINT');
    case 'mediumint':
      return supported('INTEGER');
    case 'int':
    case 'integer':
      return supported(unsigned ? 'BIGINT' : 'INTEGER');
    case 'bigint':
      return supported(unsigned ? 'DECIMAL(20,0)' : 'BIGINT');
    case 'decimal':
    case 'numeric':
    case 'dec':
    case 'fixed':
      return mapDecimal(args, columnType);
    case 'float':
    case 'real':
      // MySQL stores FLOAT(p) with p > 24 as DOUBLE; COLUMN_TYPE already reports `double` then.
      return supported('REAL');
    case 'double':
    case 'double precision':
      return supported('DOUBLE PRECISION');
    case 'bit':
      return supported('VARBYTE(8)');
    case 'binary':
    case 'varbinary':
      return supported(`VARBYTE(${length ?? 1})`);
    case 'char':
    case 'varchar':
      return supported(`VARCHAR(${length ?? 1})`);
    case 'tinytext':
      return supported('VARCHAR(255)');
    case 'text':
      return supported('VARCHAR(65535)');
    case 'mediumtext':
    case 'longtext':
      return supported('VARCHAR(65535)', `${base}: ${LONG_TEXT_WARNING}`);
    case 'enum':
    case 'set':
      return supported('VARCHAR(1020)');
    case 'date':
      return supported('DATE');
    case 'datetime':
    case 'timestamp':
      return supported('TIMESTAMP');
    case 'time':
      return supported('VARCHAR(18)');
    case 'year':
      return supported('VARCHAR(4)');
    case 'json':
      return supported('SUPER');
  }
  if (BLOB_TYPES.has(base)) {
    return unsupported(
      `${base.toUpperCase()} columns are not replicated by zero-ETL; store the bytes elsewhere (e.g. S3) ` +
        'and keep a key, or use VARBINARY(n) / TEXT.',
    );
  }
  if (SPATIAL_TYPES.has(base)) {
    return unsupported(
      `spatial type ${base.toUpperCase()} is not replicated by zero-ETL; store coordinates as ` +
        'DECIMAL columns or the geometry as WKT text.',
    );
  }
  return unsupported(
    `type ${columnType} has no Redshift mapping for zero-ETL; use one of the supported types ` +
      '(integers, DECIMAL, FLOAT/DOUBLE, CHAR/VARCHAR/TEXT, ENUM/SET, DATE/DATETIME/TIMESTAMP/TIME/YEAR, ' +
      'BINARY/VARBINARY, BIT, JSON).',
  );
}
