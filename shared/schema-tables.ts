/** The tables a schema file creates, by name, in order (pure): `CREATE TABLE [IF NOT EXISTS] name`. */
export function tablesCreatedBy(sql: string): string[] {
  const withoutComments = sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
  const names = [
    ...withoutComments.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(`(?:[^`]|``)+`|[\w$]+)/gi),
  ];
  return names.map(([, name]) => (name.startsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name));
}
