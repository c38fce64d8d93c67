import { LagTracker, percentile, summariseLag } from '../../../../local/dataplane/cdc/lag-tracker';

describe('lag tracking', () => {
  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.95)).toBe(95);
    expect(summariseLag([])).toEqual({ samples: 0, p50: undefined, p95: undefined, max: undefined });
  });

  it('keeps a rolling window for the current lag and every sample for the run', () => {
    let now = 0;
    const tracker = new LagTracker({ windowMs: 1000, now: () => now });
    tracker.record(900);
    now = 5000;
    tracker.record(10);

    expect(tracker.current()).toMatchObject({ samples: 1, p95: 10 });
    expect(tracker.overall()).toMatchObject({ samples: 2, p95: 900 });
  });
});
