/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON line per metric set, which the Lambda
 * log pipeline turns into metrics without any API call.
 */
import { METRICS_NAMESPACE } from './constants';
import type { LogSink } from './logger';

export type MetricUnit = 'Count' | 'Milliseconds';

export interface Metrics {
  /** Publishes `values` under one set of dimensions (e.g. `{ Resource: 'users' }`). */
  publish(
    dimensions: Readonly<Record<string, string>>,
    values: Readonly<Record<string, number>>,
    unit: MetricUnit,
  ): void;
}

export function createEmfMetrics(options: {
  sink: LogSink;
  namespace?: string;
  now?: () => number;
}): Metrics {
  const namespace = options.namespace ?? METRICS_NAMESPACE;
  const now = options.now ?? Date.now;
  return {
    publish(dimensions, values, unit) {
      const names = Object.keys(values);
      if (names.length === 0) return;
      const document = {
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [Object.keys(dimensions)],
              Metrics: names.map((name) => ({ Name: name, Unit: unit })),
            },
          ],
        },
        ...dimensions,
        ...values,
      };
      options.sink.write(JSON.stringify(document));
    },
  };
}
