/**
 * local/cloud/terraform/prune.ts: a stack copy for the local cloud leaves out the unsupported resource
 * types and deploy steps and exactly what refers to them, found by scanning every `${…}` with
 * balanced braces and strings.
 */
import {
  interpolations,
  pruneForLocalCloud,
  UNSUPPORTED_DEPLOY_STEPS,
  UNSUPPORTED_RESOURCE_TYPES,
} from '../../../../local/cloud/terraform/prune';

/** The mechanism is specified with a type declared unsupported here (the local cloud serves every type). */
const TYPES = { aws_rds_integration: 'not served in this example' };
const pruneExample = (config: Record<string, unknown>) => pruneForLocalCloud(config, { types: TYPES });

const integration = { source_arn: 'arn:source', target_arn: 'arn:target' };

/** A small stack in cdktf's JSON shape. */
function stack(extra: Record<string, unknown> = {}) {
  return {
    resource: {
      aws_rds_integration: { integration },
      aws_sns_topic: { alarms: { name: 'alarms' } },
      aws_cloudwatch_metric_alarm: {
        lag: { alarm_name: 'lag', dimensions: { IntegrationId: '${aws_rds_integration.integration.id}' } },
        errors: { alarm_name: 'errors', alarm_actions: ['${aws_sns_topic.alarms.arn}'] },
      },
      ...extra,
    },
    data: {
      aws_iam_policy_document: {
        // Refers to the alarm that refers to the integration: left out transitively.
        lag_reader: { statement: [{ resources: ['${aws_cloudwatch_metric_alarm.lag.arn}'] }] },
      },
    },
    output: {
      integration_arn: { value: '${aws_rds_integration.integration.arn}' },
      topic_arn: { value: '${aws_sns_topic.alarms.arn}' },
    },
  };
}

describe('pruneForLocalCloud', () => {
  it('serves every resource type; only the deploy step that needs the Data API (part 2) is unsupported', () => {
    expect(UNSUPPORTED_RESOURCE_TYPES).toEqual({});
    expect(Object.keys(UNSUPPORTED_DEPLOY_STEPS)).toEqual(['create-integration-database']);
  });

  it('leaves out an unsupported deploy step by its script, with the reason', () => {
    const step = (script: string) => ({
      provisioner: [{ 'local-exec': { command: `bash "assets/scripts/${script}"` } }],
    });
    const { leftOut } = pruneForLocalCloud(
      stack({
        terraform_data: {
          sql: step('create-integration-database'),
          reboot: step('reboot-instances-if-pending'),
        },
      }),
      { types: {} },
    );

    expect(leftOut).toEqual([
      {
        address: 'terraform_data.sql',
        reason: `deploy step create-integration-database: ${UNSUPPORTED_DEPLOY_STEPS['create-integration-database']}`,
      },
    ]);
  });

  it('leaves out the unsupported resources and, transitively, every block referring to them, with the reason', () => {
    const { config, leftOut } = pruneExample(stack());

    expect(leftOut).toEqual([
      {
        address: 'aws_cloudwatch_metric_alarm.lag',
        reason: 'references aws_rds_integration.integration',
      },
      {
        address: 'aws_rds_integration.integration',
        reason: `type aws_rds_integration: ${TYPES.aws_rds_integration}`,
      },
      {
        address: 'data.aws_iam_policy_document.lag_reader',
        reason: 'references aws_cloudwatch_metric_alarm.lag',
      },
      { address: 'output.integration_arn', reason: 'references aws_rds_integration.integration' },
    ]);
    expect(config).toEqual({
      resource: {
        aws_sns_topic: { alarms: { name: 'alarms' } },
        aws_cloudwatch_metric_alarm: { errors: stack().resource.aws_cloudwatch_metric_alarm.errors },
      },
      data: {},
      output: { topic_arn: { value: '${aws_sns_topic.alarms.arn}' } },
    });
  });

  it('finds references inside a jsonencode body with nested braces and strings holding braces', () => {
    const dashboard = {
      dashboard_body:
        '${jsonencode({"widgets" = [{"properties" = {"title" = "lag } {", "metrics" = [["AWS/Redshift", "IntegrationLag", "IntegrationId", aws_rds_integration.integration.id]]}}]})}',
    };
    const { leftOut } = pruneExample(stack({ aws_cloudwatch_dashboard: { main: dashboard } }));

    expect(leftOut.map((block) => block.address)).toContain('aws_cloudwatch_dashboard.main');
  });

  it('does not count text outside ${…}, an escaped $${…}, or a reference in the metadata as a reference', () => {
    const topic = {
      name: 'see aws_rds_integration.integration.arn',
      display_name: '$${aws_rds_integration.integration.arn}',
      '//': { metadata: { path: '${aws_rds_integration.integration.arn}' } },
    };
    const { leftOut } = pruneExample(stack({ aws_sns_topic: { alarms: topic } }));

    expect(leftOut.map((block) => block.address)).not.toContain('aws_sns_topic.alarms');
  });

  it('keeps a block that only depends_on a left-out block, removing and reporting that entry', () => {
    const step = { depends_on: ['aws_rds_integration.integration', 'aws_sns_topic.alarms'] };
    const { config, dependsOnRemoved } = pruneExample(stack({ terraform_data: { step } }));

    expect((config.resource as Record<string, Record<string, unknown>>).terraform_data.step).toEqual({
      depends_on: ['aws_sns_topic.alarms'],
    });
    expect(dependsOnRemoved).toEqual({ 'terraform_data.step': ['aws_rds_integration.integration'] });
  });

  it('does not modify its input', () => {
    const input = stack();
    const before = JSON.stringify(input);
    pruneExample(input);

    expect(JSON.stringify(input)).toBe(before);
  });

  it('finds each top-level interpolation and fails on an unbalanced one', () => {
    const text = 'a ${x.y} b ${f({"k" = "}"})} c';

    expect(interpolations(text).map(([start, end]) => text.slice(start, end))).toEqual([
      'x.y',
      'f({"k" = "}"})',
    ]);
    expect(() => interpolations('${f({)}')).toThrow(/unbalanced interpolation at offset 0/);
  });
});
