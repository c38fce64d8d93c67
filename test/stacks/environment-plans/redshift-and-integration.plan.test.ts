/**
 * dev and prod, each synthesized from the shipped configuration and planned with real offline terraform
 * (once per jest run: test/harness/stack-plans.ts caches plans by content). This file: the Redshift
 * Serverless target and the integration between them.
 */
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import { WORKGROUP_CONFIG_PARAMETERS } from '../../../rules';
import {
  configured,
  onlyPlanned,
  planStack,
  planned,
  policyDocumentAddress,
  policyStatements,
  references,
  type PlannedStack,
} from '../../harness/stack-plans';
import { type Json } from '../../harness/json';

const config = parseConfig(PROJECT_CONFIG, {});

describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline: the Redshift target and the integration',
  (name, environment) => {
    let stack: PlannedStack;
    beforeAll(async () => {
      stack = await planStack(name);
    }, 240_000);

    describe('Redshift Serverless target', () => {
      it('declares every workgroup parameter (K2) with case-sensitive identifiers (R2) and TLS', () => {
        const workgroup = onlyPlanned(stack, 'aws_redshiftserverless_workgroup').values;
        const parameters = Object.fromEntries(
          (workgroup.config_parameter as Array<{ parameter_key: string; parameter_value: string }>).map(
            (p) => [p.parameter_key, p.parameter_value],
          ),
        );
        expect(parameters).toEqual(WORKGROUP_CONFIG_PARAMETERS);
        expect(parameters.enable_case_sensitive_identifier).toBe('true');
        expect(parameters.require_ssl).toBe('true');
        expect(workgroup.publicly_accessible).toBe(false);
        expect(workgroup.base_capacity).toBe(environment.redshift.baseCapacity);
      });

      it('manages the admin password in Secrets Manager and encrypts the namespace with the key', () => {
        const namespace = onlyPlanned(stack, 'aws_redshiftserverless_namespace');
        expect(namespace.values.manage_admin_password).toBe(true);
        expect(namespace.values.admin_user_password).toBeNull();
        const block = configured(stack, namespace.address);
        expect(references(block, 'kms_key_id')).toContain(onlyPlanned(stack, 'aws_kms_key').address);
      });

      it('authorizes the Aurora cluster with aws_redshift_resource_policy on the namespace ARN (R3)', () => {
        const policy = onlyPlanned(stack, 'aws_redshift_resource_policy');
        const namespace = onlyPlanned(stack, 'aws_redshiftserverless_namespace').address;
        expect(references(configured(stack, policy.address), 'resource_arn')).toContain(namespace);
        const document = policyDocumentAddress(stack, policy.address, 'policy');
        const statements = policyStatements(stack)
          .filter((s) => s.document === document)
          .map((s) => s.statement);
        const authorize = statements.find((s) => s.actions.includes('redshift:AuthorizeInboundIntegration'))!;
        expect(authorize.principals).toEqual([{ type: 'Service', identifiers: ['redshift.amazonaws.com'] }]);
        expect(authorize.condition.map((c) => `${c.test}:${c.variable}`)).toEqual([
          'StringEquals:aws:SourceArn',
        ]);
        const create = statements.find((s) => s.actions.includes('redshift:CreateInboundIntegration'))!;
        expect(create.principals).toEqual([
          { type: 'AWS', identifiers: [`arn:aws:iam::${environment.accountId}:root`] },
        ]);
        const documentBlock = configured(stack, document);
        expect(JSON.stringify(documentBlock.expressions)).toContain('aws_rds_cluster.');
      });
    });

    describe('integration', () => {
      it('goes from the cluster ARN to the namespace ARN with the configured filter and key (T, T6)', () => {
        const integration = onlyPlanned(stack, 'aws_rds_integration');
        const block = configured(stack, integration.address);
        expect(integration.values.integration_name).toBe(environment.integration.name);
        expect(integration.values.data_filter).toBe(environment.integration.dataFilter);
        expect(references(block, 'source_arn')).toContain(
          `${onlyPlanned(stack, 'aws_rds_cluster').address}.arn`,
        );
        expect(references(block, 'target_arn')).toContain(
          `${onlyPlanned(stack, 'aws_redshiftserverless_namespace').address}.arn`,
        );
        expect(references(block, 'kms_key_id')).toContain(onlyPlanned(stack, 'aws_kms_key').address);
      });

      it('depends on the writer, the workgroup, its parameters, the resource policy and the reboot (T1, R2)', () => {
        const block = configured(stack, onlyPlanned(stack, 'aws_rds_integration').address);
        const writer = planned(stack, 'aws_rds_cluster_instance').find((i) => i.address.includes('writer'))!;
        expect(block.depends_on).toEqual(
          expect.arrayContaining([
            writer.address,
            onlyPlanned(stack, 'aws_redshiftserverless_workgroup').address,
            onlyPlanned(stack, 'aws_redshift_resource_policy').address,
            expect.stringMatching(/^terraform_data\.reboot-instances/),
            expect.stringMatching(/^terraform_data\.workgroup-parameters/),
          ]),
        );
      });

      it("lets Redshift create grants on the key only for this account's integrations (R12)", () => {
        const key = onlyPlanned(stack, 'aws_kms_key').address;
        const document = policyDocumentAddress(stack, key, 'policy');
        const redshift = policyStatements(stack)
          .filter((s) => s.document === document)
          .map((s) => s.statement)
          .filter((s) => s.principals.some((p) => p.identifiers.includes('redshift.amazonaws.com')));
        expect(redshift).toHaveLength(1);
        expect(redshift[0].actions).toEqual(['kms:CreateGrant']);
        // Exactly the documented conditions: one more (aws:SourceAccount) could refuse the grant.
        expect(redshift[0].condition).toEqual(
          expect.arrayContaining([
            {
              test: 'ArnLike',
              variable: 'kms:EncryptionContext:aws:redshift:integration:arn',
              values: [`arn:aws:rds:${environment.region}:${environment.accountId}:integration:*`],
            },
            {
              test: 'ForAllValues:StringEquals',
              variable: 'kms:GrantOperations',
              values: ['CreateGrant', 'Decrypt', 'GenerateDataKey'],
            },
          ]),
        );
        expect(redshift[0].condition).toHaveLength(2);
      });

      it('outputs the integration id as the last ARN segment (R11)', () => {
        const output = (stack.result.plan.configuration as Json).root_module.outputs.integration_id;
        expect(output.expression.constant_value).toMatch(
          /^\$\{element\(split\(":", aws_rds_integration\.[^)]+\.arn\), 6\)\}$/,
        );
      });
    });
  },
);
