/**
 * S6: the DDL zero-ETL cannot apply in place. Such a statement puts its table into ResyncRequired (a
 * full re-copy; the table is not queryable until it ends). Pure: one SQL statement in, the reason out.
 * The preflight warns about it in a schema file, and the local cloud's integration resyncs on it.
 */

export interface ResyncingDdl {
  /** The table the ALTER changes, as written (without quotes). */
  readonly table: string;
  /** Why zero-ETL must resync it. */
  readonly reason: string;
}

const NAME = String.raw`(?:\`(?:[^\`]|\`\`)+\`|[\w$]+)(?:\s*\.\s*(?:\`(?:[^\`]|\`\`)+\`|[\w$]+))?`;
const ALTER_TABLE = new RegExp(
  String.raw`^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:IF\s+EXISTS\s+)?(${NAME})\s+([\s\S]*)$`,
  'i',
);

/** Splits an ALTER TABLE's specification list on top-level commas (not inside parentheses or quotes). */
function specifications(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** A column operation (not an index, key or table option): it changes the table's shape. */
const COLUMN_OPERATION =
  /^(ADD(?!\s+(?:CONSTRAINT|PRIMARY|UNIQUE|INDEX|KEY|FULLTEXT|SPATIAL|FOREIGN|CHECK|PARTITION)\b)|DROP\s+(?:COLUMN\s+)?(?!(?:INDEX|KEY|PRIMARY|FOREIGN|CONSTRAINT|CHECK|PARTITION)\b)|MODIFY|CHANGE|RENAME\s+COLUMN|ALTER\s+(?:COLUMN\s+)?(?!(?:INDEX|CONSTRAINT|CHECK)\b))/i;

/** Why `statement` forces a resync of its table (S6), or undefined when zero-ETL applies it in place. */
export function resyncingDdl(statement: string): ResyncingDdl | undefined {
  const sql = statement
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .trim();
  const match = ALTER_TABLE.exec(sql);
  if (!match) return undefined;
  const table = match[1].replace(/`/g, '');
  const columnOperations = specifications(match[2]).filter((spec) => COLUMN_OPERATION.test(spec));
  if (columnOperations.length > 1) {
    return { table, reason: `${columnOperations.length} column operations in one ALTER TABLE` };
  }
  const [operation] = columnOperations;
  if (!operation || !/^ADD\b/i.test(operation)) return undefined;
  if (/\s(FIRST|AFTER\s+\S+)\s*$/i.test(operation)) {
    return { table, reason: 'a column added FIRST or AFTER another (not at the end)' };
  }
  if (/\bTIMESTAMP\b/i.test(operation) && /\bDEFAULT\s+(CURRENT_TIMESTAMP|NOW\(\))/i.test(operation)) {
    return { table, reason: 'a TIMESTAMP column added with DEFAULT CURRENT_TIMESTAMP' };
  }
  return undefined;
}
