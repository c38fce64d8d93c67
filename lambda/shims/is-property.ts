/**
 * Bundle-only stand-in for is-property (aliased in lambda/bundle.ts), which mysql2's generated row
 * parsers use to choose `o.name` over `o["name"]`. The original embeds an 11 KB Unicode identifier
 * regex; answering false for non-ASCII names only makes the generated code use brackets.
 */
const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export = function isProperty(name: string): boolean {
  return ASCII_IDENTIFIER.test(name);
};
