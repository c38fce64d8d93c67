/**
 * The four resource types the local cloud adds, held to what the provider's authors test
 * (cases.ts): every case is applied with provider 5.100.0, planned again with no changes, updated
 * in place where the provider's test has an update step, and destroyed, leaving an empty state. A
 * case that cannot pass with provider 5.100.0 pins the changes its second plan shows, and why.
 *
 * `npm test` runs one case per resource type (ONE_PER_TYPE), in one configuration; `npm run
 * test:fidelity` (ZERO_ETL_FIDELITY=all) runs every case, each in its own configuration;
 * ZERO_ETL_FIDELITY=<case>,<case> runs the cases named.
 */
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import { CASES, ONE_PER_TYPE, type FidelityCase } from './cases';
import { makeFixtures, type Fixtures } from './fixtures';
import { fidelityRoundTrip, merged, scoped, type FidelityRun } from './round-trip';

const MINUTES = 60_000;
const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const SELECTED = (process.env.ZERO_ETL_FIDELITY ?? '').split(',').filter(Boolean);
const ALL = SELECTED.length > 0;
const CHOSEN = SELECTED.includes('all') ? CASES : CASES.filter((c) => SELECTED.includes(c.name));
/** Cases run at once in the full set (each is a chain of terraform commands). */
const CONCURRENCY = 2;

let cloud: LocalCloud;
let fixtures: Fixtures;
const runs = new Map<string, Promise<FidelityRun>>();

function run(name: string, resources: FidelityCase['resources'][], updates: Array<FidelityCase['update']>) {
  const key = (index: number) =>
    resources.length === 1 ? name : CASES.find((c) => c.resources === resources[index])!.name;
  return fidelityRoundTrip({
    name,
    endpoint: cloud.url,
    credentials: cloud.admin!,
    account: ACCOUNT,
    region: REGION,
    resources: merged(resources.map((build, index) => scoped(build(fixtures, key(index)), key(index)))),
    update: updates.some(Boolean)
      ? merged(
          resources.map((build, index) =>
            scoped((updates[index] ?? build)(fixtures, key(index)), key(index)),
          ),
        )
      : undefined,
  });
}

beforeAll(async () => {
  cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true });
  fixtures = await makeFixtures(cloud.url, cloud.admin!, ACCOUNT, REGION);
  if (!ALL) {
    const cases = ONE_PER_TYPE.map((name) => CASES.find((c) => c.name === name)!);
    runs.set(
      'one-per-type',
      run(
        'one-per-type',
        cases.map((c) => c.resources),
        cases.map((c) => c.update),
      ),
    );
    return;
  }
  // A small pool: each case waits for a slot, in order.
  const slots: Array<Promise<unknown>> = [];
  for (const [index, fidelityCase] of CHOSEN.entries()) {
    const previous = slots[index - CONCURRENCY] ?? Promise.resolve();
    const started = previous
      .catch(() => undefined)
      .then(() => run(fidelityCase.name, [fidelityCase.resources], [fidelityCase.update]));
    started.catch(() => undefined);
    runs.set(fidelityCase.name, started);
    slots.push(started);
  }
}, 5 * MINUTES);

afterAll(async () => {
  await Promise.allSettled(runs.values());
  await cloud?.stop();
}, 5 * MINUTES);

const expectRoundTrip = (result: FidelityRun, fidelityCase?: FidelityCase) => {
  // A case's resources are named after it in its configuration (scoped()).
  const pinned = (fidelityCase?.cannotPass?.secondPlan ?? []).map((line) =>
    line.replace(/\.test(\d?):/, `.${fidelityCase!.name}$1:`),
  );
  expect(result.apply.code).toBe(0);
  expect(result.secondPlan).toEqual(pinned);
  if (result.updateApply) {
    expect(result.updateApply.code).toBe(0);
    expect(result.afterUpdatePlan).toEqual(pinned);
  }
  expect(result.destroy.code).toBe(0);
  expect(result.state).toEqual([]);
};

if (ALL) {
  describe.each(CHOSEN.map((c) => [c.name, c] as const))('fidelity case %s', (_, fidelityCase) => {
    it(
      fidelityCase.cannotPass
        ? `cannot pass with provider 5.100.0 (${fidelityCase.mirrors}): ${fidelityCase.cannotPass.why}`
        : `applies, plans no changes${fidelityCase.update ? ', updates in place' : ''} and destroys (${fidelityCase.mirrors})`,
      async () => {
        const result = await runs.get(fidelityCase.name)!;

        expectRoundTrip(result, fidelityCase);
      },
      30 * MINUTES,
    );
  });
} else {
  describe('one fidelity case per resource type the local cloud adds (npm run test:fidelity runs them all)', () => {
    it(
      `applies, plans no changes, updates in place and destroys ${ONE_PER_TYPE.join(', ')} in one configuration`,
      async () => {
        const result = await runs.get('one-per-type')!;

        expectRoundTrip(result);
        expect(result.updateApply).toBeDefined();
      },
      20 * MINUTES,
    );
  });
}
