/**
 * The configuration reference in docs/infrastructure.md is generated from the schema: every field
 * with its default and description, and the table in the docs is exactly that (the drift check).
 */
import { configReferenceRows, renderConfigReference } from '../../../stacks/config/reference';
import { regenerated } from '../../harness/generated-docs';

describe('the configuration reference', () => {
  it('documents every field of the schema, each with a description', () => {
    const rows = configReferenceRows();
    const fields = rows.map((row) => row.field);

    expect(new Set(fields).size).toBe(fields.length);
    expect(fields).toEqual(
      expect.arrayContaining([
        'project',
        'backend.kmsKeyId',
        'bootstrap.github.applyBranch',
        'environments.<name>.aurora.serverlessV2',
        'environments.<name>.ingest.batchSize',
      ]),
    );
    expect(rows.filter((row) => row.description.length < 10)).toEqual([]);
  });

  it('shows the defaults the schema applies, and computed ones in words', () => {
    const byField = Object.fromEntries(configReferenceRows().map((row) => [row.field, row.default]));

    expect(byField['environments.<name>.aurora.serverlessV2']).toBe('`{ minCapacity: 0.5, maxCapacity: 4 }`');
    expect(byField['environments.<name>.ingest.batchSize']).toBe('`500`');
    expect(byField['environments.<name>.integration.name']).toBe('`<project>-<environment>`');
    expect(byField['environments.<name>.region']).toBe('required');
    expect(byField['environments.<name>.monitoring.alarmEmail']).toBe('no subscription');
  });

  it('is what docs/infrastructure.md shows (npm run docs:generate rewrites it)', () => {
    const { actual, expected } = regenerated(
      'docs/infrastructure.md',
      'configuration reference',
      renderConfigReference(),
    );
    expect(actual).toBe(expected);
  });
});
