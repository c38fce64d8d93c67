/**
 * The local-cloud tier's own adjustments (MOTO_TEST_COPY_ADJUSTMENTS) are documentation the code
 * refers to by key: every key is cited where the adjustment is made, and every citation names a key.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MOTO_TEST_COPY_ADJUSTMENTS } from '../../../../local/cloud/terraform/allowlist';
import { PROJECT_ROOT } from '../../../../paths';

const CITING_FOLDERS = ['test/stacks/local-cloud', 'test/harness'];

function citations(): string[] {
  return CITING_FOLDERS.flatMap((folder) =>
    readdirSync(join(PROJECT_ROOT, folder))
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [
        ...readFileSync(join(PROJECT_ROOT, folder, name), 'utf8').matchAll(
          /MOTO_TEST_COPY_ADJUSTMENTS\.(\w+)/g,
        ),
      ])
      .map((match) => match[1]),
  );
}

describe("the local-cloud tier's adjustments of its own copies", () => {
  it('are each cited where the tier makes them, and every citation names one', () => {
    const cited = new Set(citations());

    expect([...cited].filter((key) => !(key in MOTO_TEST_COPY_ADJUSTMENTS))).toEqual([]);
    expect(Object.keys(MOTO_TEST_COPY_ADJUSTMENTS).filter((key) => !cited.has(key))).toEqual([]);
  });

  it('each say what moto does differently', () => {
    for (const why of Object.values(MOTO_TEST_COPY_ADJUSTMENTS)) expect(why).toMatch(/moto/);
  });
});
