/** The CloudWatch dashboard body of one environment (pure: a plain object for Fn.jsonencode). */
import {
  INTEGRATION_METRICS,
  INTEGRATION_METRIC_DIMENSION,
  INTEGRATION_METRIC_NAMESPACE,
  SOURCE_CHANGE_LOG_METRICS,
} from '../../../rules';

export interface DashboardInputs {
  readonly region: string;
  readonly functionName: string;
  readonly integrationId: string;
  readonly clusterId: string;
}

type MetricLine = readonly unknown[];

const WIDGET_WIDTH = 12;
const WIDGET_HEIGHT = 6;

function widget(region: string, title: string, metrics: readonly MetricLine[], position: number) {
  return {
    type: 'metric',
    // Two widgets per row.
    x: (position % 2) * WIDGET_WIDTH,
    y: Math.floor(position / 2) * WIDGET_HEIGHT,
    width: WIDGET_WIDTH,
    height: WIDGET_HEIGHT,
    properties: { title, region, view: 'timeSeries', stat: 'Maximum', period: 60, metrics },
  };
}

export function dashboardBody(inputs: DashboardInputs): { widgets: unknown[] } {
  const integration = (metric: string): MetricLine => [
    INTEGRATION_METRIC_NAMESPACE,
    metric,
    INTEGRATION_METRIC_DIMENSION,
    inputs.integrationId,
  ];
  const lambda = (metric: string, extra: object[] = []): MetricLine => [
    'AWS/Lambda',
    metric,
    'FunctionName',
    inputs.functionName,
    ...extra,
  ];
  const panels: Array<[string, MetricLine[]]> = [
    ['Integration lag (s)', [integration(INTEGRATION_METRICS.lag)]],
    [
      'Replicated / failed tables',
      [integration(INTEGRATION_METRICS.tablesReplicated), integration(INTEGRATION_METRICS.tablesFailed)],
    ],
    [
      'Ingestion function',
      [lambda('Errors', [{ stat: 'Sum' }]), lambda('Throttles', [{ stat: 'Sum' }]), lambda('Duration')],
    ],
    [
      'Aurora change log',
      SOURCE_CHANGE_LOG_METRICS.map((metric) => ['AWS/RDS', metric, 'DBClusterIdentifier', inputs.clusterId]),
    ],
  ];
  return {
    widgets: panels.map(([title, metrics], position) => widget(inputs.region, title, metrics, position)),
  };
}
