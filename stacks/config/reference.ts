/**
 * The configuration reference (docs/infrastructure.md) rendered from the schema itself: every field,
 * its default and its description come from `stacks/config/schema.ts` (through zod's JSON Schema), so
 * the table cannot drift from what synth validates. Pure; `npm run docs:generate` writes it.
 */
import { z } from 'zod';
import { projectSchema } from './schema';

/** The JSON Schema subset zod emits for this schema. */
interface JsonSchema {
  readonly type?: string;
  readonly description?: string;
  /** A default that is computed, in words (set with `.meta({ defaultText })`). */
  readonly defaultText?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly items?: JsonSchema;
}

export interface ReferenceRow {
  readonly field: string;
  readonly default: string;
  readonly description: string;
}

const code = (text: string) => `\`${text}\``;

/** A default as it is written in stacks/config/environments.ts: `{ type: 'local' }`, `['CONNECT']`. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${key}: ${literal(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.defaultText !== undefined) return schema.defaultText;
  if (schema.default !== undefined) {
    return code(typeof schema.default === 'string' ? schema.default : literal(schema.default));
  }
  return required ? 'required' : 'none';
}

/**
 * A section (an object without a description of its own) documents its fields; anything described
 * (a leaf, a value object such as `serverlessV2`, a union) is one row.
 */
const isSection = (schema: JsonSchema) =>
  schema.type === 'object' && schema.properties !== undefined && schema.description === undefined;
const isMapOfSections = (schema: JsonSchema) =>
  schema.type === 'object' &&
  typeof schema.additionalProperties === 'object' &&
  isSection(schema.additionalProperties);

function rowsOf(schema: JsonSchema, path: string): ReferenceRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([key, field]) => {
    const name = path ? `${path}.${key}` : key;
    if (isSection(field)) return rowsOf(field, name);
    if (isMapOfSections(field)) {
      const entry = `${name}.<name>`;
      return [
        { field: entry, default: 'required', description: field.description ?? '' },
        ...rowsOf(field.additionalProperties as JsonSchema, entry),
      ];
    }
    if (!field.description) {
      throw new Error(
        `configuration field ${name} has no description: add .meta({ description }) in schema.ts`,
      );
    }
    const row = { field: name, default: defaultOf(field, required.has(key)), description: field.description };
    // A union of object kinds (the backend): its row, then each kind's own fields.
    const kinds = (field.oneOf ?? field.anyOf ?? []).filter(isSection);
    return [row, ...kinds.flatMap((kind) => rowsOf({ ...kind, properties: withoutTag(kind) }, name))];
  });
}

/** A union member's fields without its discriminator (`type`), which the union's row already names. */
function withoutTag(kind: JsonSchema): Record<string, JsonSchema> {
  const { type: _tag, ...fields } = kind.properties ?? {};
  return fields;
}

/** One row per configuration field, in schema order. */
export function configReferenceRows(): ReferenceRow[] {
  return rowsOf(z.toJSONSchema(projectSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, '');
}

/** The reference as a Markdown table. */
export function renderConfigReference(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Field | Default | Description |',
    '| --- | --- | --- |',
    ...configReferenceRows().map(
      (row) => `| ${code(row.field)} | ${escape(row.default)} | ${escape(row.description)} |`,
    ),
  ].join('\n');
}
