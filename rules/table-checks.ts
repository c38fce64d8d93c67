/**
 * Per-table zero-ETL requirements (S1, S2, S3, S5, S7, S9) as pure functions over the schema facts
 * read from a server. The preflight reports every check; the local pipeline fails a table on the
 * first failing one, as Redshift marks it Failed in SVV_INTEGRATION_TABLE_STATE.
 */
import { redshiftTypeFor } from './type-mapping';
import type { Check, ColumnMappingRow, SchemaFacts, TableFacts } from './types';

/** Redshift's identifier limit in bytes (S9). */
export const REDSHIFT_MAX_IDENTIFIER_BYTES = 127;
/** Column names Redshift reserves for system columns (S9). */
export const RESERVED_COLUMN_NAMES = ['oid', 'tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid'] as const;
/** Redshift creates tables of at most this many columns (S10); a wider source table goes Failed. */
export const REDSHIFT_MAX_COLUMNS = 1600;
/** InnoDB tables hold at most this many columns (MySQL Reference Manual, "Limits on InnoDB Tables"). */
export const INNODB_MAX_COLUMNS = 1017;
/** Referential actions that make a table fail replication (S3). */
export const UNSUPPORTED_REFERENTIAL_ACTIONS = ['CASCADE', 'SET NULL', 'SET DEFAULT'] as const;

/** `db.table`, or the bare table name when the facts have no database (a schema file). */
const qualified = (table: TableFacts) => (table.database ? `${table.database}.${table.name}` : table.name);
/** The table as SQL, database included when known, for the fixes' statements. */
const sqlName = (table: TableFacts) =>
  table.database ? `\`${table.database}\`.\`${table.name}\`` : `\`${table.name}\``;

function primaryKeyCheck(table: TableFacts): Check {
  return table.primaryKey.length > 0
    ? { rule: 'S1', subject: qualified(table), status: 'pass', message: 'has a primary key' }
    : {
        rule: 'S1',
        subject: qualified(table),
        status: 'fail',
        message: 'no primary key: the table will fail replication',
        fix: `ALTER TABLE ${sqlName(table)} ADD PRIMARY KEY (<unique, non-null columns>)`,
      };
}

function engineCheck(table: TableFacts): Check {
  return table.engine?.toLowerCase() === 'innodb'
    ? { rule: 'S2', subject: qualified(table), status: 'pass', message: 'InnoDB' }
    : {
        rule: 'S2',
        subject: qualified(table),
        status: 'fail',
        message: `engine ${table.engine ?? 'unknown'}: only InnoDB tables are replicated`,
        fix:
          table.columns.length > INNODB_MAX_COLUMNS
            ? `split it first: InnoDB holds at most ${INNODB_MAX_COLUMNS} columns and it has ${table.columns.length} ` +
              `(e.g. tables sharing its primary key), then ALTER TABLE … ENGINE = InnoDB for each`
            : `ALTER TABLE ${sqlName(table)} ENGINE = InnoDB`,
      };
}

function columnCountCheck(table: TableFacts): Check {
  const count = table.columns.length;
  return count <= REDSHIFT_MAX_COLUMNS
    ? { rule: 'S10', subject: qualified(table), status: 'pass', message: `${count} columns` }
    : {
        rule: 'S10',
        subject: qualified(table),
        status: 'fail',
        message: `${count} columns: Redshift tables have at most ${REDSHIFT_MAX_COLUMNS}, so the table will fail replication`,
        fix: `split it into tables of at most ${REDSHIFT_MAX_COLUMNS} columns that share its primary key, or exclude it with the integration's data filter`,
      };
}

function foreignKeyChecks(table: TableFacts): Check[] {
  const unsupported = (rule: string) =>
    (UNSUPPORTED_REFERENTIAL_ACTIONS as readonly string[]).includes(rule.toUpperCase());
  const offending = table.foreignKeys.filter(
    (fk) => unsupported(fk.deleteRule) || unsupported(fk.updateRule),
  );
  if (offending.length === 0) {
    const message =
      table.foreignKeys.length === 0
        ? 'no foreign keys'
        : `${table.foreignKeys.length} foreign key(s), none cascading`;
    return [{ rule: 'S3', subject: qualified(table), status: 'pass', message }];
  }
  return offending.map((fk) => ({
    rule: 'S3',
    subject: qualified(table),
    status: 'fail',
    message:
      `foreign key ${fk.name} → ${fk.referencedTable} uses ON DELETE ${fk.deleteRule} / ON UPDATE ${fk.updateRule}: ` +
      'CASCADE, SET NULL and SET DEFAULT changes are not replicated',
    fix: `recreate ${fk.name} with ON DELETE RESTRICT ON UPDATE RESTRICT and delete children explicitly`,
  }));
}

function identifierChecks(table: TableFacts): Check[] {
  const tooLong = (name: string) => Buffer.byteLength(name, 'utf8') > REDSHIFT_MAX_IDENTIFIER_BYTES;
  const checks: Check[] = [];
  for (const [kind, name] of [
    ['database', table.database],
    ['table', table.name],
  ] as const) {
    if (tooLong(name)) {
      checks.push({
        rule: 'S9',
        subject: qualified(table),
        status: 'fail',
        message: `${kind} name is ${Buffer.byteLength(name, 'utf8')} bytes; Redshift identifiers are at most ${REDSHIFT_MAX_IDENTIFIER_BYTES}`,
        fix: `rename the ${kind} to at most ${REDSHIFT_MAX_IDENTIFIER_BYTES} bytes (UTF-8)`,
      });
    }
  }
  for (const column of table.columns) {
    const subject = `${qualified(table)}.${column.name}`;
    if (tooLong(column.name)) {
      checks.push({
        rule: 'S9',
        subject,
        status: 'fail',
        message: `column name is ${Buffer.byteLength(column.name, 'utf8')} bytes; Redshift identifiers are at most ${REDSHIFT_MAX_IDENTIFIER_BYTES}`,
        fix: `rename the column to at most ${REDSHIFT_MAX_IDENTIFIER_BYTES} bytes (UTF-8)`,
      });
    }
    if ((RESERVED_COLUMN_NAMES as readonly string[]).includes(column.name.toLowerCase())) {
      checks.push({
        rule: 'S9',
        subject,
        status: 'fail',
        message: `column name ${column.name} is reserved for a Redshift system column`,
        fix: `rename the column (reserved: ${RESERVED_COLUMN_NAMES.join(', ')})`,
      });
    }
  }
  if (checks.length === 0) {
    checks.push({
      rule: 'S9',
      subject: qualified(table),
      status: 'pass',
      message: 'identifiers fit Redshift',
    });
  }
  return checks;
}

function columnChecks(table: TableFacts): { checks: Check[]; rows: ColumnMappingRow[] } {
  const checks: Check[] = [];
  const rows: ColumnMappingRow[] = [];
  for (const column of table.columns) {
    const mapping = redshiftTypeFor(column.columnType);
    const subject = `${qualified(table)}.${column.name}`;
    if (!mapping.supported) {
      checks.push({
        rule: 'S7',
        subject,
        status: 'fail',
        message: `${column.columnType} is unsupported`,
        fix: mapping.reason,
      });
      rows.push({
        table: qualified(table),
        column: column.name,
        mysqlType: column.columnType,
        redshiftType: null,
        status: 'fail',
      });
      continue;
    }
    if (mapping.warning) {
      checks.push({
        rule: 'S7',
        subject,
        status: 'warn',
        message: `${column.columnType} → ${mapping.redshiftType}`,
        fix: mapping.warning,
      });
    }
    rows.push({
      table: qualified(table),
      column: column.name,
      mysqlType: column.columnType,
      redshiftType: mapping.redshiftType,
      status: mapping.warning ? 'warn' : 'pass',
    });
  }
  if (checks.length === 0) {
    checks.push({
      rule: 'S7',
      subject: qualified(table),
      status: 'pass',
      message: `every column type maps to Redshift (${table.columns.length} columns)`,
    });
  }
  return { checks, rows };
}

/** Every check of one table (S1, S2, S3, S7, S10, S9) and its columns' Redshift types. */
export function evaluateTable(table: TableFacts): { checks: Check[]; columns: ColumnMappingRow[] } {
  const typeResult = columnChecks(table);
  return {
    checks: [
      primaryKeyCheck(table),
      engineCheck(table),
      ...foreignKeyChecks(table),
      ...typeResult.checks,
      columnCountCheck(table),
      ...identifierChecks(table),
    ],
    columns: typeResult.rows,
  };
}

/** Every per-table check plus the column mapping, tables in the order given. */
export function evaluateSchema(facts: SchemaFacts): { checks: Check[]; columns: ColumnMappingRow[] } {
  const checks: Check[] = [];
  const columns: ColumnMappingRow[] = [];
  for (const table of facts.tables) {
    const result = evaluateTable(table);
    checks.push(...result.checks);
    columns.push(...result.columns);
  }
  for (const view of facts.views) {
    checks.push({
      rule: 'S5',
      subject: `${view.database}.${view.name}`,
      status: 'info',
      message: 'view: not replicated (recreate it in Redshift over the replicated tables if needed)',
    });
  }
  if (facts.tables.length === 0) {
    checks.push({
      rule: 'S1',
      subject: facts.databases.join(', ') || '(no database)',
      status: 'warn',
      message: 'no tables found: nothing would be replicated',
      fix: 'check --databases (or apply the schema first)',
    });
  }
  return { checks, columns };
}
