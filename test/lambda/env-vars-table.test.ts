/**
 * The environment table in docs/lambda.md is generated from lambda/src/env-vars.ts: every variable
 * the function reads, its default and its meaning (the drift check).
 */
import { renderEnvironmentTable } from '../../lambda/env-vars-table';
import { INGEST_ENV, INGEST_ENV_DOCS, LOG_LEVELS } from '../../lambda/src/env-vars';
import { regenerated } from '../harness/generated-docs';

describe("the Lambda's environment table", () => {
  it('lists every variable the function reads, with the defaults it applies', () => {
    const table = renderEnvironmentTable();

    for (const name of Object.values(INGEST_ENV)) expect(table).toContain(`| \`${name}\` |`);
    expect(table).toContain('| `BATCH_SIZE` | `500` |');
    expect(table).toContain('| `DB_HOST` | required |');
  });

  it('names every log level the function accepts', () => {
    for (const level of LOG_LEVELS) expect(INGEST_ENV_DOCS.logLevel.description).toContain(`\`${level}\``);
  });

  it('is what docs/lambda.md shows (npm run docs:generate rewrites it)', () => {
    const { actual, expected } = regenerated('docs/lambda.md', 'environment', renderEnvironmentTable());
    expect(actual).toBe(expected);
  });
});
