/**
 * dev and prod, each synthesized from the shipped configuration and planned with real offline terraform
 * (once per jest run: test/harness/stack-plans.ts caches plans by content). This file: the plan as a
 * whole: only creations, no AWS-reading data sources, security properties, outputs, and checkov.
 */
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import { WORKGROUP_CONFIG_PARAMETERS } from '../../../rules';
import {
  configured,
  onlyPlanned,
  planStack,
  planWithoutProviderConfig,
  planned,
  policyStatements,
  references,
  secretLikeValues,
  type PlannedStack,
} from '../../harness/stack-plans';
import { checkovSpecification } from '../../harness/checkov';
import { type Json } from '../../harness/json';

const config = parseConfig(PROJECT_CONFIG, {});

describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline: security and shape',
  (name, environment) => {
    let stack: PlannedStack;
    beforeAll(async () => {
      stack = await planStack(name);
    }, 240_000);

    it('validates and plans only creations', () => {
      expect(stack.result.validation.valid).toBe(true);
      const actions = new Set(
        (stack.result.plan.resource_changes ?? [])
          .filter((change) => !change.address.startsWith('data.'))
          .map((change) => change.change.actions.join('+')),
      );
      expect([...actions]).toEqual(['create']);
    });

    it('reads no data source that calls AWS (only IAM policy documents, rendered by Terraform)', () => {
      const dataTypes = new Set(
        ((stack.result.plan.configuration as Json).root_module.resources as Json[])
          .filter((resource) => resource.mode === 'data')
          .map((resource) => resource.type),
      );
      expect([...dataTypes]).toEqual(['aws_iam_policy_document']);
    });

    describe('security properties', () => {
      it('has no ingress from 0.0.0.0/0 anywhere', () => {
        const ingress = planned(stack, 'aws_vpc_security_group_ingress_rule').map(
          (rule) => rule.values.cidr_ipv4,
        );
        const inline = planned(stack, 'aws_security_group').flatMap(
          (group) => (group.values.ingress as Json[]) ?? [],
        );
        expect(ingress).not.toContain('0.0.0.0/0');
        expect(inline.flatMap((rule) => rule.cidr_blocks ?? [])).not.toContain('0.0.0.0/0');
        expect(
          planned(stack, 'aws_subnet').every((subnet) => subnet.values.map_public_ip_on_launch === false),
        ).toBe(true);
      });

      it('grants no wildcard IAM actions in any policy but the key statement AWS documents for CloudWatch Logs', () => {
        const statements = policyStatements(stack);
        expect(statements.length).toBeGreaterThan(5);
        const wildcards = statements
          .filter((s) => s.statement.sid !== 'CloudWatchLogsEncryptsThisAccountsLogGroups')
          .flatMap((s) => s.statement.actions.filter((action) => action.includes('*')));
        expect(wildcards).toEqual([]);
      });

      it("lets CloudWatch Logs use the key with AWS's documented statement, for this account's log groups only", () => {
        const [logs] = policyStatements(stack)
          .map((s) => s.statement)
          .filter((s) => s.sid === 'CloudWatchLogsEncryptsThisAccountsLogGroups');
        expect(logs).toMatchObject({
          effect: 'Allow',
          actions: [
            'kms:Decrypt*',
            'kms:Describe*',
            'kms:Encrypt*',
            'kms:GenerateDataKey*',
            'kms:ReEncrypt*',
          ],
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: [`logs.${environment.region}.amazonaws.com`] }],
          condition: [
            {
              test: 'ArnLike',
              variable: 'kms:EncryptionContext:aws:logs:arn',
              values: [`arn:aws:logs:${environment.region}:${environment.accountId}:log-group:*`],
            },
          ],
        });
      });

      it('keeps every log group for at least a year and no longer than configured, encrypted with the key', () => {
        const logGroups = planned(stack, 'aws_cloudwatch_log_group');
        expect(logGroups.length).toBeGreaterThanOrEqual(5); // audit, error, slowquery, ingest, flow logs
        for (const group of logGroups) {
          expect(group.values.retention_in_days).toBeGreaterThanOrEqual(365);
          expect(references(configured(stack, group.address), 'kms_key_id')).toContain(
            onlyPlanned(stack, 'aws_kms_key').address,
          );
        }
      });

      it('encrypts the alarm topic and denies it over plain HTTP', () => {
        const topic = onlyPlanned(stack, 'aws_sns_topic');
        expect(references(configured(stack, topic.address), 'kms_master_key_id')).toContain(
          onlyPlanned(stack, 'aws_kms_key').address,
        );
        const deny = policyStatements(stack).find((s) => s.statement.effect === 'Deny')!.statement;
        expect(deny.condition).toEqual([
          { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
        ]);
      });

      it('contains no password or secret value in the synthesized JSON or the plan', () => {
        expect(secretLikeValues(stack.synthesized)).toEqual([]);
        expect(secretLikeValues(planWithoutProviderConfig(stack))).toEqual([]);
      });
    });

    it('outputs endpoints, secret ARNs, integration ARN and id, function name and dashboard URL', () => {
      const outputs = stack.result.plan.output_changes as Record<string, { after: unknown }>;
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining([
          'aurora_endpoint',
          'aurora_reader_endpoint',
          'aurora_master_secret_arn',
          'redshift_endpoint',
          'redshift_admin_secret_arn',
          'integration_arn',
          'integration_id',
          'ingest_function_name',
          'migrate_function_name',
          'dashboard_url',
        ]),
      );
      expect(outputs.ingest_function_name.after).toBe(`zero-etl-${name}-ingest`);
      // What a drift check passes as CONFIG_PARAMETERS: the parameters the deploy step sets.
      expect(JSON.parse(outputs.redshift_workgroup_parameters.after as string)).toEqual(
        WORKGROUP_CONFIG_PARAMETERS,
      );
      expect(outputs.dashboard_url.after).toMatch(
        /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//,
      );
    });
  },
);

checkovSpecification(
  config.environments.map((environment) => environment.name),
  () => Promise.all(config.environments.map((environment) => planStack(environment.name))),
);
