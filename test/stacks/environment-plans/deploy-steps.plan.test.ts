/**
 * dev and prod, each synthesized from the shipped configuration and planned with real offline terraform
 * (once per jest run: test/harness/stack-plans.ts caches plans by content). This file: the deploy steps
 * (terraform_data + local-exec) and their order.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import { WORKGROUP_CONFIG_PARAMETERS } from '../../../rules';
import {
  configured,
  configuredOfType,
  onlyPlanned,
  planStack,
  planned,
  type PlannedStack,
} from '../../harness/stack-plans';

const config = parseConfig(PROJECT_CONFIG, {});
/** Every file below `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const walk = (path: string): string[] =>
    readdirSync(path).flatMap((name) => {
      const child = join(path, name);
      return statSync(child).isDirectory() ? walk(child) : [relative(dir, child)];
    });
  return walk(dir).sort();
}
describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline: the deploy steps',
  (name, environment) => {
    let stack: PlannedStack;
    beforeAll(async () => {
      stack = await planStack(name);
    }, 240_000);
    /** The planned function whose name ends in `-<role>` (ingest or migrate). */
    const functionNamed = (role: string) => {
      const found = planned(stack, 'aws_lambda_function').find(
        (fn) => fn.values.function_name === `${environment.namePrefix}-${role}`,
      );
      if (!found) throw new Error(`no ${role} function planned`);
      return found;
    };
    describe('bootstrap steps (terraform_data + local-exec)', () => {
      const steps = () =>
        Object.fromEntries(
          configuredOfType(stack, 'terraform_data').map((block) => [
            (block.name as string).replace(/_[0-9A-F]{8}$/, '').replace(/^.*?_/, ''),
            block,
          ]),
        );

      it('run the deploy scripts shipped inside the stack folder, which holds those scripts only', () => {
        const scripts = Object.values(steps()).map((block) => {
          const command: string = block.provisioners[0].expressions.command.constant_value;
          return /^bash "(assets\/[^"]+)"$/.exec(command)![1];
        });
        for (const script of scripts) expect(existsSync(join(stack.stackDir, script))).toBe(true);
        const assetDir = join(stack.stackDir, dirname(scripts[0]));
        expect(filesUnder(assetDir)).toEqual([
          'apply-schema',
          'create-integration-database',
          'lib/common.sh',
          'reboot-instances-if-pending',
          'sync-workgroup-parameters',
          'verify-replication',
        ]);
      });

      it('reboots pending instances when a parameter that needs a reboot changes, after they exist (A7)', () => {
        const reboot = steps()['reboot-instances-if-pending'];
        expect(reboot.provisioners[0].expressions.command.constant_value).toMatch(
          /\/reboot-instances-if-pending"$/,
        );
        expect(Object.keys(reboot.provisioners[0].expressions.environment.constant_value).sort()).toEqual([
          'AWS_REGION',
          'CLUSTER_ID',
        ]);
        expect(Object.keys(reboot.expressions.triggers_replace.constant_value).sort()).toEqual([
          'cluster_id',
          'reboot_parameters_sha256',
        ]);
        expect(reboot.depends_on).toEqual(
          expect.arrayContaining([
            onlyPlanned(stack, 'aws_rds_cluster_parameter_group').address,
            ...planned(stack, 'aws_rds_cluster_instance').map((instance) => instance.address),
          ]),
        );
      });

      it('keeps the workgroup parameters through a deploy step, Terraform setting them at creation only (K2)', () => {
        const sync = steps()['sync-workgroup-parameters'];
        const variables = sync.provisioners[0].expressions.environment.constant_value;
        expect(JSON.parse(variables.CONFIG_PARAMETERS)).toEqual(WORKGROUP_CONFIG_PARAMETERS);
        expect(variables.WORKGROUP_NAME).toMatch(/aws_redshiftserverless_workgroup\..*\.workgroup_name/);
        expect(Object.keys(sync.expressions.triggers_replace.constant_value).sort()).toEqual([
          'parameters_sha256',
          'workgroup_name',
        ]);
        const workgroup = configured(stack, onlyPlanned(stack, 'aws_redshiftserverless_workgroup').address);
        expect(sync.depends_on).toContain(workgroup.address);
        expect(stack.synthesized.resource.aws_redshiftserverless_workgroup).toEqual(
          expect.objectContaining({
            [workgroup.name]: expect.objectContaining({
              lifecycle: { ignore_changes: ['config_parameter'] },
            }),
          }),
        );
      });

      it('applies the schema through the migrate function when the schema or its version changes', () => {
        const schema = steps()['apply-schema'];
        const fn = functionNamed('migrate').address;
        expect(schema.provisioners[0].expressions.environment.constant_value.FUNCTION_NAME).toBe(
          `\${${fn}.function_name}`,
        );
        expect(schema.expressions.triggers_replace.constant_value).toEqual({
          schema_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          function_version: `\${${fn}.version}`,
        });
        expect(schema.depends_on).toEqual(
          expect.arrayContaining([fn, expect.stringMatching(/^terraform_data\.reboot/)]),
        );
      });

      it('creates the Redshift database from the integration after it is active (R6, R7)', () => {
        const create = steps()['create-integration-database'];
        const environmentVariables = create.provisioners[0].expressions.environment.constant_value;
        const integration = onlyPlanned(stack, 'aws_rds_integration').address;
        expect(environmentVariables).toMatchObject({
          INTEGRATION_ARN: `\${${integration}.arn}`,
          ADMIN_SECRET_ARN: expect.stringMatching(/admin_password_secret_arn\}$/),
          TARGET_DATABASE: environment.redshift.targetDatabase,
          CONNECT_DATABASE: 'dev',
          AWS_REGION: environment.region,
        });
        expect(environmentVariables.WORKGROUP_NAME).toMatch(
          /aws_redshiftserverless_workgroup\..*\.workgroup_name/,
        );
        expect(create.depends_on).toContain(integration);
      });
    });
  },
);
