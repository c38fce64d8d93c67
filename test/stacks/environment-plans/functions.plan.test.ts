/**
 * dev and prod, each synthesized from the shipped configuration and planned with real offline terraform
 * (once per jest run: test/harness/stack-plans.ts caches plans by content). This file: the ingestion and
 * migrate functions: code, environment, roles, schedule.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import {
  configured,
  onlyPlanned,
  planStack,
  planned,
  policyDocumentAddress,
  policyStatements,
  type PlannedStack,
} from '../../harness/stack-plans';

const config = parseConfig(PROJECT_CONFIG, {});

describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline: the functions',
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
    describe('functions', () => {
      it('run the bundle on nodejs22.x in the private subnets, reserving no concurrency (L1)', () => {
        for (const role of ['ingest', 'migrate']) {
          const fn = functionNamed(role).values;
          expect(fn.runtime).toBe('nodejs22.x');
          expect(fn.handler).toBe('index.handler');
          // Fresh accounts have a quota of 10: any reservation would be refused there.
          expect(fn.reserved_concurrent_executions).toBe(-1);
          expect(fn.tracing_config).toEqual([{ mode: 'Active' }]);
          expect(fn.filename).toMatch(
            /^assets\/(ingest|migrate)_bundle_[0-9A-F]+\/[0-9A-F]+\/lambda-[0-9a-f]{16}\.zip$/,
          );
          expect(existsSync(join(stack.stackDir, fn.filename as string))).toBe(true);
          expect((fn.vpc_config as unknown[]).length).toBe(1);
        }
      });

      it('give the ingestion an IAM-authenticated user and the master secret to migrate only', () => {
        const variables = (role: string) =>
          configured(stack, functionNamed(role).address).expressions.environment[0].variables.constant_value;
        const common = [
          'API_BASE_URL',
          'BATCH_SIZE',
          'DB_HOST',
          'DB_NAME',
          'DB_PORT',
          'DB_SSL',
          'HTTP_RETRIES',
          'HTTP_TIMEOUT_MS',
          'LOG_LEVEL',
        ];
        expect(Object.keys(variables('ingest')).sort()).toEqual([...common, 'DB_IAM_USER'].sort());
        expect(variables('ingest').DB_IAM_USER).toBe(environment.aurora.ingestUsername);
        expect(Object.keys(variables('migrate')).sort()).toEqual(
          [...common, 'DB_SECRET_ARN', 'INGEST_DB_USER'].sort(),
        );
        expect(variables('migrate').DB_SECRET_ARN).toMatch(
          /aws_rds_cluster\..*\.master_user_secret\[0\]\.secret_arn\}$/,
        );
        expect(variables('migrate').INGEST_DB_USER).toBe(environment.aurora.ingestUsername);
        expect(variables('ingest').DB_SSL).toBe('true');
        expect(onlyPlanned(stack, 'aws_rds_cluster').values.iam_database_authentication_enabled).toBe(true);
      });

      it('run the ingestion on the configured schedule, starting after the schema, failed runs queued', () => {
        expect(onlyPlanned(stack, 'aws_cloudwatch_event_rule').values.schedule_expression).toBe(
          environment.ingest.schedule,
        );
        // The function waits for the schema step (new code never runs against the old schema), the
        // schedule's target for the function.
        const ingest = planned(stack, 'aws_lambda_function').find((f) => f.address.includes('ingest'))!;
        expect(configured(stack, ingest.address).depends_on).toEqual(
          expect.arrayContaining([expect.stringMatching(/^terraform_data\.apply-schema/)]),
        );
        const target = configured(stack, onlyPlanned(stack, 'aws_cloudwatch_event_target').address);
        expect(target.depends_on).toEqual(expect.arrayContaining([ingest.address]));
        const invokeConfig = configured(
          stack,
          onlyPlanned(stack, 'aws_lambda_function_event_invoke_config').address,
        );
        expect(JSON.stringify(invokeConfig.expressions.destination_config)).toContain('aws_sqs_queue.');
        expect(onlyPlanned(stack, 'aws_sqs_queue').values.sqs_managed_sse_enabled).toBe(true);
      });

      it('have least-privilege roles named for the environment: the ingestion holds no secret and no key', () => {
        const actionsOf = (role: string) => {
          const rolePolicy = planned(stack, 'aws_iam_role_policy').find((policy) =>
            policy.address.includes(`${role}_role-policy`),
          )!;
          const document = policyDocumentAddress(stack, rolePolicy.address, 'policy');
          return policyStatements(stack)
            .filter((s) => s.document === document)
            .map((s) => s.statement);
        };
        const vpc = [
          'ec2:AssignPrivateIpAddresses',
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:UnassignPrivateIpAddresses',
        ];
        const logs = [
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ];
        expect(
          actionsOf('ingest')
            .flatMap((s) => s.actions)
            .sort(),
        ).toEqual([...vpc, ...logs, 'rds-db:connect', 'sqs:SendMessage'].sort());
        expect(
          actionsOf('migrate')
            .flatMap((s) => s.actions)
            .sort(),
        ).toEqual(
          [
            ...vpc,
            ...logs,
            'kms:Decrypt',
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
          ].sort(),
        );
        // The dbuser ARN names the cluster's resource id, known only after apply: check its expression.
        const ingestDocument = policyDocumentAddress(
          stack,
          planned(stack, 'aws_iam_role_policy').find((policy) =>
            policy.address.includes('ingest_role-policy'),
          )!.address,
          'policy',
        );
        const expressions = JSON.stringify(configured(stack, ingestDocument).expressions);
        expect(expressions).toContain(
          `arn:aws:rds-db:${environment.region}:${environment.accountId}:dbuser:\${aws_rds_cluster.`,
        );
        expect(expressions).toContain(`.cluster_resource_id}/${environment.aurora.ingestUsername}`);
        // EC2's network-interface actions and X-Ray's trace uploads have no resource-level permissions.
        for (const role of ['ingest', 'migrate']) {
          const wildcards = actionsOf(role).filter((s) => s.resources.includes('*'));
          expect(wildcards.flatMap((s) => s.actions).every((a) => /^(ec2|xray):/.test(a))).toBe(true);
        }
        // The environment's apply role may manage exactly these (bootstrap.plan.test.ts): named after
        // the environment, on the root path (a path change would replace a deployed role), each capped
        // by the environment's own policy, the one its apply role holds.
        for (const role of planned(stack, 'aws_iam_role').map((r) => r.values)) {
          expect(role.name).toMatch(new RegExp(`^${environment.namePrefix}-`));
          expect(role.path).toBe('/');
          expect(role.permissions_boundary).toBe(
            `arn:aws:iam::${environment.accountId}:policy/${environment.namePrefix}-permissions-boundary`,
          );
        }
      });
    });
  },
);
