/**
 * Named results that concurrent pipelines publish and specifications await: the local-cloud tier runs
 * its stacks at the same time, while jest runs its `it`s one after another, each awaiting the
 * milestone it specifies. A pipeline that fails fails every milestone it has not reached yet, so no
 * specification waits for a result that will never come.
 */
interface Entry {
  readonly promise: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
}

export class Milestones {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, unknown>();

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (!entry) {
      let resolve!: (value: unknown) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<unknown>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Awaited later (or never, when an earlier specification already failed).
      promise.catch(() => undefined);
      entry = { promise, resolve, reject, settled: false };
      this.entries.set(name, entry);
      const failure = this.failureFor(name);
      if (failure) this.settle(entry, () => entry!.reject(failure.error));
    }
    return entry;
  }

  private failureFor(name: string): { error: unknown } | undefined {
    const pipeline = name.split('.')[0];
    return this.failures.has(pipeline) ? { error: this.failures.get(pipeline) } : undefined;
  }

  private settle(entry: Entry, how: () => void): void {
    if (entry.settled) return;
    entry.settled = true;
    how();
  }

  /** Publishes `<pipeline>.<step>` and returns the value. */
  reached<T>(name: string, value: T): T {
    const entry = this.entry(name);
    this.settle(entry, () => entry.resolve(value));
    return value;
  }

  wait<T>(name: string): Promise<T> {
    return this.entry(name).promise as Promise<T>;
  }

  /** Runs a pipeline; when it throws, every milestone `<pipeline>.*` it has not reached fails with the error. */
  run(pipeline: string, body: () => Promise<void>): Promise<void> {
    const done = body().catch((error: unknown) => {
      this.failures.set(pipeline, error);
      for (const [name, entry] of this.entries) {
        if (name.startsWith(`${pipeline}.`)) this.settle(entry, () => entry.reject(error));
      }
    });
    return done;
  }
}
