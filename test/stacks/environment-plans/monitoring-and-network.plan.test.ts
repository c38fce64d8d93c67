/**
 * dev and prod, each synthesized from the shipped configuration and planned with real offline terraform
 * (once per jest run: test/harness/stack-plans.ts caches plans by content). This file: the alarms, the
 * dashboard and the network.
 */
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import {
  configured,
  configuredOfType,
  onlyPlanned,
  planStack,
  planned,
  policyDocumentAddress,
  policyStatements,
  references,
  type PlannedStack,
} from '../../harness/stack-plans';

const config = parseConfig(PROJECT_CONFIG, {});

describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline: monitoring and the network',
  (name, environment) => {
    let stack: PlannedStack;
    beforeAll(async () => {
      stack = await planStack(name);
    }, 240_000);

    describe('monitoring', () => {
      it('alarms on Lambda errors, throttles, duration > 80% of timeout, lag and failed tables (M)', () => {
        const alarms = planned(stack, 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.values);
        const byMetric = Object.fromEntries(
          alarms.map((alarm) => [`${alarm.namespace}/${alarm.metric_name}`, alarm]),
        );
        expect(Object.keys(byMetric)).toEqual(
          expect.arrayContaining([
            'AWS/Lambda/Errors',
            'AWS/Lambda/Throttles',
            'AWS/Lambda/Duration',
            'AWS/Redshift/IntegrationLag',
            'AWS/Redshift/IntegrationNumTablesFailedReplication',
          ]),
        );
        expect(byMetric['AWS/Lambda/Duration'].threshold).toBe(environment.ingest.timeoutSeconds * 800);
        expect(byMetric['AWS/Redshift/IntegrationLag'].threshold).toBe(
          environment.monitoring.integrationLagThresholdSeconds,
        );
        expect(byMetric['AWS/Redshift/IntegrationNumTablesFailedReplication']).toMatchObject({
          threshold: 0,
          comparison_operator: 'GreaterThanThreshold',
        });
        expect(planned(stack, 'aws_cloudwatch_dashboard')).toHaveLength(1);
        expect(planned(stack, 'aws_sns_topic_subscription')).toHaveLength(
          environment.monitoring.alarmEmail ? 1 : 0,
        );
      });
    });

    describe('network', () => {
      it('logs every flow of the VPC to an encrypted log group through a flow-logs-only role', () => {
        const flowLog = onlyPlanned(stack, 'aws_flow_log');
        const block = configured(stack, flowLog.address);
        expect(flowLog.values).toMatchObject({
          traffic_type: 'ALL',
          log_destination_type: 'cloud-watch-logs',
        });
        expect(references(block, 'vpc_id')).toContain(onlyPlanned(stack, 'aws_vpc').address);
        const [logGroupArn] = references(block, 'log_destination');
        const logGroup = planned(stack, 'aws_cloudwatch_log_group').find(
          (group) => logGroupArn === `${group.address}.arn`,
        )!;
        expect(logGroup.values.retention_in_days).toBe(environment.network.flowLogRetentionDays);
        const [roleArn] = references(block, 'iam_role_arn');
        const role = planned(stack, 'aws_iam_role').find(
          (candidate) => roleArn === `${candidate.address}.arn`,
        )!;
        const trust = policyStatements(stack).find(
          (s) => s.document === policyDocumentAddress(stack, role.address, 'assume_role_policy'),
        )!.statement;
        expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
        expect(trust.condition).toEqual([
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [environment.accountId] },
        ]);
      });

      it('spans the configured zone IDs with one NAT gateway (dev) or one per zone (prod)', () => {
        const zones = planned(stack, 'aws_subnet').map((subnet) => subnet.values.availability_zone_id);
        expect(new Set(zones)).toEqual(new Set(environment.availabilityZoneIds));
        expect(planned(stack, 'aws_nat_gateway')).toHaveLength(
          environment.network.natGateways === 'per-az' ? environment.availabilityZoneIds.length : 1,
        );
      });

      it('gives the workgroup private subnets in at least 3 distinct zone IDs (R13)', () => {
        const subnets = new Map(
          configuredOfType(stack, 'aws_subnet').map((block) => [block.address as string, block]),
        );
        const workgroup = configured(stack, onlyPlanned(stack, 'aws_redshiftserverless_workgroup').address);
        const zones = references(workgroup, 'subnet_ids')
          .filter((ref) => subnets.has(ref))
          .map((ref) => subnets.get(ref)!.expressions.availability_zone_id.constant_value);
        expect(new Set(zones).size).toBeGreaterThanOrEqual(3);
      });

      it('lets Aurora accept MySQL only from the Lambda group and Redshift only from configured networks', () => {
        const ingress = planned(stack, 'aws_vpc_security_group_ingress_rule');
        const mysql = ingress.filter((rule) => rule.values.from_port === 3306);
        expect(mysql).toHaveLength(1);
        expect(mysql[0].values.cidr_ipv4).toBeNull();
        expect(references(configured(stack, mysql[0].address), 'referenced_security_group_id')[0]).toMatch(
          /ingest-lambda-sg/,
        );
        const redshift = ingress
          .filter((rule) => rule.values.from_port === 5439)
          .map((r) => r.values.cidr_ipv4);
        expect(redshift).toEqual(environment.redshift.allowedIngressCidrs);
      });
    });
  },
);
