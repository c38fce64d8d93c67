/**
 * dev and prod, each synthesized from the shipped configuration and planned ONCE with real
 * offline terraform; every rule below is asserted on that plan.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import { WORKGROUP_CONFIG_PARAMETERS } from '../../rules';
import {
  configured,
  configuredOfType,
  onlyPlanned,
  planStack,
  planWithoutProviderConfig,
  planned,
  policyDocumentAddress,
  policyStatements,
  references,
  secretLikeValues,
  type PlannedStack,
} from '../harness/stack-plans';
import { checkovSpecification } from '../harness/checkov';
import { type Json } from '../harness/json';

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
const plans = new Map<string, Promise<PlannedStack>>();
const planOf = (name: string) => plans.get(name)!;

beforeAll(() => {
  // Both plans run concurrently; each stack is planned exactly once for this file.
  for (const environment of config.environments) {
    const pending = planStack(environment.name);
    pending.catch(() => undefined);
    plans.set(environment.name, pending);
  }
});

const BINLOG_STATIC = [
  'aurora_enhanced_binlog',
  'binlog_backup',
  'binlog_format',
  'binlog_replication_globaldb',
];

describe.each(config.environments.map((environment) => [environment.name, environment] as const))(
  '%s stack, planned offline',
  (name, environment) => {
    let stack: PlannedStack;
    beforeAll(async () => {
      stack = await planOf(name);
    }, 240_000);
    /** The planned function whose name ends in `-<role>` (ingest or migrate). */
    const functionNamed = (role: string) => {
      const found = planned(stack, 'aws_lambda_function').find(
        (fn) => fn.values.function_name === `${environment.namePrefix}-${role}`,
      );
      if (!found) throw new Error(`no ${role} function planned`);
      return found;
    };

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

    describe('Aurora source', () => {
      it('runs aurora-mysql 3.05.2 or later (A1)', () => {
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        expect(cluster.engine).toBe('aurora-mysql');
        const [major, minor, patch] = String(cluster.engine_version).split('.').slice(-3).map(Number);
        expect(major * 10_000 + minor * 100 + patch).toBeGreaterThanOrEqual(3 * 10_000 + 5 * 100 + 2);
      });

      it('attaches a cluster parameter group with the zero-ETL binlog settings at creation (A3, A4, A5, A7)', () => {
        const group = onlyPlanned(stack, 'aws_rds_cluster_parameter_group').values;
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        const parameters = new Map(
          (group.parameter as Array<{ name: string; value: string; apply_method: string }>).map((p) => [
            p.name,
            p,
          ]),
        );
        expect(group.family).toBe('aurora-mysql8.0');
        expect(cluster.db_cluster_parameter_group_name).toBe(group.name);
        expect(Object.fromEntries([...parameters].map(([key, p]) => [key, p.value]))).toMatchObject({
          aurora_enhanced_binlog: '1',
          binlog_backup: '0',
          binlog_format: 'ROW',
          binlog_replication_globaldb: '0',
          binlog_row_image: 'full',
          binlog_row_metadata: 'full',
          binlog_transaction_compression: 'OFF',
          require_secure_transport: 'ON',
        });
        for (const parameter of BINLOG_STATIC)
          expect(parameters.get(parameter)?.apply_method).toBe('pending-reboot');
        expect(parameters.get('binlog_row_value_options')?.value ?? '').not.toMatch(/PARTIAL_JSON/i);
      });

      it('has no backtrack (A9) and at least one writer instance, private (A10)', () => {
        expect(onlyPlanned(stack, 'aws_rds_cluster').values.backtrack_window ?? 0).toBe(0);
        const instances = planned(stack, 'aws_rds_cluster_instance');
        expect(instances.length).toBe(1 + environment.aurora.readerCount);
        expect(instances.every((instance) => instance.values.publicly_accessible === false)).toBe(true);
      });

      it('encrypts storage and the RDS-managed master secret with the customer-managed key', () => {
        const cluster = onlyPlanned(stack, 'aws_rds_cluster');
        const block = configured(stack, cluster.address);
        expect(cluster.values.storage_encrypted).toBe(true);
        expect(cluster.values.manage_master_user_password).toBe(true);
        expect(cluster.values.master_password).toBeNull();
        const key = onlyPlanned(stack, 'aws_kms_key').address;
        expect(references(block, 'kms_key_id')).toContain(key);
        expect(references(block, 'master_user_secret_kms_key_id')).toContain(key);
        expect(onlyPlanned(stack, 'aws_kms_key').values.enable_key_rotation).toBe(true);
      });

      it('keeps backups, exports logs, and protects prod from deletion', () => {
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        expect(cluster.backup_retention_period).toBe(environment.aurora.backupRetentionDays);
        expect(cluster.enabled_cloudwatch_logs_exports).toEqual(['audit', 'error', 'slowquery']);
        expect(cluster.deletion_protection).toBe(environment.aurora.deletionProtection);
        expect(cluster.skip_final_snapshot).toBe(!environment.aurora.deletionProtection);
        if (name === 'prod') expect(cluster.final_snapshot_identifier).toBe('zero-etl-prod-aurora-final');
      });

      it('audits connections and DCL/DDL into the exported audit log, and allows IAM database authentication', () => {
        const group = onlyPlanned(stack, 'aws_rds_cluster_parameter_group').values;
        const parameters = Object.fromEntries(
          (group.parameter as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]),
        );
        expect(parameters).toMatchObject({
          server_audit_logging: '1',
          server_audit_events: environment.aurora.auditEvents.join(','),
        });
        expect(environment.aurora.auditEvents).toEqual(
          expect.arrayContaining(['CONNECT', 'QUERY_DCL', 'QUERY_DDL']),
        );
        const cluster = onlyPlanned(stack, 'aws_rds_cluster').values;
        expect(cluster.iam_database_authentication_enabled).toBe(true);
        const logGroups = planned(stack, 'aws_cloudwatch_log_group').map((g) => g.values.name);
        expect(logGroups).toContain(`/aws/rds/cluster/${environment.namePrefix}-aurora/audit`);
      });

      it('runs Enhanced Monitoring and Performance Insights (encrypted with the key) on every instance', () => {
        const key = onlyPlanned(stack, 'aws_kms_key').address;
        const roles = planned(stack, 'aws_iam_role');
        for (const instance of planned(stack, 'aws_rds_cluster_instance')) {
          expect(instance.values).toMatchObject({
            monitoring_interval: environment.aurora.monitoringIntervalSeconds,
            performance_insights_enabled: true,
            performance_insights_retention_period: environment.aurora.performanceInsightsRetentionDays,
          });
          const block = configured(stack, instance.address);
          expect(references(block, 'performance_insights_kms_key_id')).toContain(key);
          const [roleArn] = references(block, 'monitoring_role_arn');
          const role = roles.find((candidate) => roleArn === `${candidate.address}.arn`)!;
          const trust = policyStatements(stack).find(
            (s) => s.document === policyDocumentAddress(stack, role.address, 'assume_role_policy'),
          )!.statement;
          expect(trust.principals).toEqual([
            { type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] },
          ]);
        }
        const attachments = planned(stack, 'aws_iam_role_policy_attachment').map((a) => a.values.policy_arn);
        expect(attachments).toContain('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
      });
    });

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
        // The apply role may manage exactly these (bootstrap.plan.test.ts): named after the
        // environment, on the root path (a path change would replace a deployed role), each capped by
        // the boundary.
        for (const role of planned(stack, 'aws_iam_role').map((r) => r.values)) {
          expect(role.name).toMatch(new RegExp(`^${environment.namePrefix}-`));
          expect(role.path).toBe('/');
          expect(role.permissions_boundary).toBe('arn:aws:iam::aws:policy/PowerUserAccess');
        }
      });
    });

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

      it('grants no wildcard IAM actions in any policy', () => {
        const statements = policyStatements(stack);
        expect(statements.length).toBeGreaterThan(5);
        const wildcards = statements.flatMap((s) =>
          s.statement.actions.filter((action) => action.includes('*')),
        );
        expect(wildcards).toEqual([]);
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
  () => Promise.all(config.environments.map((environment) => planOf(environment.name))),
);
