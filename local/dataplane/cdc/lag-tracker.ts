/**
 * Replication lag, measured like Redshift's IntegrationLag: how long after a change was committed
 * at the source it became visible in the warehouse. Keeps a rolling window of recent samples.
 */

export interface LagSummary {
  readonly samples: number;
  /** Milliseconds; undefined when there are no samples yet. */
  readonly p50?: number;
  readonly p95?: number;
  readonly max?: number;
}

/** Nearest-rank percentile of an ascending array (pure). */
export function percentile(sorted: readonly number[], fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summariseLag(samples: readonly number[]): LagSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1],
  };
}

export interface LagTrackerOptions {
  /** Samples older than this drop out of `current()`. @default 60_000 */
  readonly windowMs?: number;
  readonly now?: () => number;
}

export class LagTracker {
  private readonly samples: { at: number; lagMs: number }[] = [];
  private readonly all: number[] = [];
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LagTrackerOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  record(lagMs: number): void {
    const sample = Math.max(0, lagMs);
    this.samples.push({ at: this.now(), lagMs: sample });
    this.all.push(sample);
    const cutoff = this.now() - this.windowMs;
    while (this.samples.length > 0 && this.samples[0].at < cutoff) this.samples.shift();
  }

  /** Lag over the rolling window (what `--watch` shows). */
  current(): LagSummary {
    return summariseLag(this.samples.map((sample) => sample.lagMs));
  }

  /** The samples of the rolling window (to combine several trackers). */
  recentSamples(): number[] {
    return this.samples.map((sample) => sample.lagMs);
  }

  /** Lag over the whole run (what the final summary shows). */
  overall(): LagSummary {
    return summariseLag(this.all);
  }
}
