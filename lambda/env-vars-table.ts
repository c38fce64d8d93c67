/**
 * The Lambda's environment table (docs/lambda.md) rendered from lambda/src/env-vars.ts: the names,
 * INGEST_DEFAULTS and INGEST_ENV_DOCS, so the table cannot drift from what the function parses.
 * Pure; `npm run docs:generate` writes it.
 */
import { INGEST_DEFAULTS, INGEST_ENV, INGEST_ENV_DOCS } from './src/env-vars';

export function renderEnvironmentTable(): string {
  const defaults: Readonly<Record<string, unknown>> = INGEST_DEFAULTS;
  const rows = (Object.keys(INGEST_ENV) as (keyof typeof INGEST_ENV)[]).map((key) => {
    const doc = INGEST_ENV_DOCS[key];
    const value = defaults[key];
    const fallback = value === undefined ? (doc.default ?? 'none') : `\`${String(value)}\``;
    return `| \`${INGEST_ENV[key]}\` | ${fallback} | ${doc.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
