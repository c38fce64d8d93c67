import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Construct } from 'constructs';
import { TerraformOutput, TerraformStack, Token } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type IngestCredentials, renderIngestEnvironment } from '../lambda/src/env-vars';
import { configureBackend } from './backend';
import { type BackendSettings, type EnvironmentConfig } from './config';
import { Aurora } from './constructs/aurora';
import {
  DeployScripts,
  DeployStep,
  applySchemaStep,
  createIntegrationDatabaseStep,
  rebootInstancesStep,
  workgroupParametersJson,
  workgroupParametersStep,
} from './constructs/deploy-steps';
import { EncryptionKey } from './constructs/encryption-key';
import { FlowLogs } from './constructs/flow-logs';
import { IngestFunction } from './constructs/ingest-function';
import { Integration } from './constructs/integration';
import { MigrateFunction } from './constructs/migrate-function';
import { Monitoring } from './constructs/monitoring';
import { Network } from './constructs/network';
import { ENVIRONMENT_TAG_KEY } from './constructs/environment-policy';
import { environmentBoundaryArn } from './constructs/workload-roles';
import { REDSHIFT_CONNECT_DATABASE, Redshift } from './constructs/redshift';
import { SCHEMA_FILE, SCRIPTS_DIR } from '../paths';

export interface ZeroEtlStackProps {
  readonly config: EnvironmentConfig;
  readonly backend: BackendSettings;
  /** Zip of the bundled ingestion Lambda (lambda/artifact.ts). */
  readonly bundleZip: string;
}

/** One environment of the pipeline: values flow down network → Aurora → Redshift → integration → steps. */
export class ZeroEtlStack extends TerraformStack {
  readonly network: Network;
  readonly aurora: Aurora;
  readonly redshift: Redshift;
  readonly integration: Integration;
  readonly migrate: MigrateFunction;
  readonly ingest: IngestFunction;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: ZeroEtlStackProps) {
    super(scope, id);
    const { config } = props;
    const prefix = config.namePrefix;
    // Every role below must carry it: the environment's apply role may create roles only with it.
    const boundary = environmentBoundaryArn(config.accountId, prefix);
    new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      defaultTags: [
        {
          tags: {
            ...config.tags,
            Project: config.project,
            [ENVIRONMENT_TAG_KEY]: config.name,
            ManagedBy: 'cdktf',
          },
        },
      ],
    });
    configureBackend(this, id, props.backend);

    const key = new EncryptionKey(this, 'key', {
      namePrefix: prefix,
      accountId: config.accountId,
      region: config.region,
    }).key;

    this.network = new Network(this, 'network', {
      namePrefix: prefix,
      vpcCidr: config.network.vpcCidr,
      availabilityZoneIds: config.availabilityZoneIds,
      privateSubnetCidrs: config.network.privateSubnetCidrs,
      publicSubnetCidrs: config.network.publicSubnetCidrs,
      natGateways: config.network.natGateways,
      redshiftIngressCidrs: config.redshift.allowedIngressCidrs,
    });
    const privateSubnetIds = this.network.privateSubnets.map((subnet) => subnet.id);
    new FlowLogs(this, 'flow-logs', {
      namePrefix: prefix,
      accountId: config.accountId,
      permissionsBoundaryArn: boundary,
      vpcId: this.network.vpc.id,
      kmsKeyArn: key.arn,
      retentionDays: config.network.flowLogRetentionDays,
    });

    this.aurora = new Aurora(this, 'aurora', {
      namePrefix: prefix,
      accountId: config.accountId,
      permissionsBoundaryArn: boundary,
      engineVersion: config.aurora.engineVersion,
      instanceClass: config.aurora.instanceClass,
      serverlessV2: config.aurora.serverlessV2,
      readerCount: config.aurora.readerCount,
      databaseName: config.aurora.databaseName,
      masterUsername: config.aurora.masterUsername,
      subnetIds: privateSubnetIds,
      securityGroupIds: [this.network.auroraSecurityGroup.id],
      kmsKeyArn: key.arn,
      backupRetentionDays: config.aurora.backupRetentionDays,
      deletionProtection: config.aurora.deletionProtection,
      logRetentionDays: config.aurora.logRetentionDays,
      auditEvents: config.aurora.auditEvents,
      monitoringIntervalSeconds: config.aurora.monitoringIntervalSeconds,
      performanceInsightsRetentionDays: config.aurora.performanceInsightsRetentionDays,
      extraParameters: config.aurora.extraClusterParameters,
    });

    this.redshift = new Redshift(this, 'redshift', {
      namePrefix: prefix,
      accountId: config.accountId,
      baseCapacity: config.redshift.baseCapacity,
      maxCapacity: config.redshift.maxCapacity,
      adminUsername: config.redshift.adminUsername,
      subnetIds: privateSubnetIds,
      securityGroupIds: [this.network.redshiftSecurityGroup.id],
      kmsKeyArn: key.arn,
      sourceClusterArn: this.aurora.cluster.arn,
      enhancedVpcRouting: config.redshift.enhancedVpcRouting,
    });

    const scripts = new DeployScripts(this, 'deploy-scripts', { sourceDir: SCRIPTS_DIR });
    const stepBase = { scripts, region: config.region };
    const reboot = new DeployStep(this, 'reboot-instances', {
      ...stepBase,
      ...rebootInstancesStep({
        clusterId: this.aurora.cluster.clusterIdentifier,
        rebootParameterHash: this.aurora.rebootParameterHash,
      }),
      dependsOn: [this.aurora.parameterGroup, ...this.aurora.instances],
    });
    const workgroupParameters = new DeployStep(this, 'workgroup-parameters', {
      ...stepBase,
      ...workgroupParametersStep({
        workgroupName: this.redshift.workgroup.workgroupName,
        parameters: this.redshift.configParameters,
      }),
      dependsOn: [this.redshift.workgroup],
    });

    this.integration = new Integration(this, 'integration', {
      name: config.integration.name,
      sourceArn: this.aurora.cluster.arn,
      targetArn: this.redshift.namespace.arn,
      dataFilter: config.integration.dataFilter,
      kmsKeyArn: config.integration.customerManagedKey ? key.arn : undefined,
      dependsOn: [
        this.aurora.writer,
        this.redshift.workgroup,
        this.redshift.resourcePolicy,
        reboot.resource,
        // R2: case-sensitive identifiers must hold before the integration creates its tables.
        workgroupParameters.resource,
      ],
    });

    const functionBase = {
      accountId: config.accountId,
      permissionsBoundaryArn: boundary,
      bundleZip: props.bundleZip,
      subnetIds: privateSubnetIds,
      securityGroupIds: [this.network.lambdaSecurityGroup.id],
      kmsKeyArn: key.arn,
      logRetentionDays: config.ingest.logRetentionDays,
    };
    const environment = (credentials: IngestCredentials, ingestUser?: { name: string }) =>
      renderIngestEnvironment({
        apiBaseUrl: config.ingest.apiBaseUrl,
        db: {
          host: this.aurora.cluster.endpoint,
          // The port the cluster reports, not a constant: the cluster sets none, so AWS reports 3306
          // (the engine's default), and an emulator's cluster may listen elsewhere.
          port: Token.asString(this.aurora.cluster.port),
          name: config.aurora.databaseName,
          credentials,
          ssl: true,
        },
        batchSize: config.ingest.batchSize,
        httpTimeoutMs: config.ingest.httpTimeoutMs,
        httpRetries: config.ingest.httpRetries,
        logLevel: config.ingest.logLevel,
        ingestUser,
      });

    this.migrate = new MigrateFunction(this, 'migrate', {
      ...functionBase,
      namePrefix: prefix,
      masterSecretArn: this.aurora.masterSecretArn,
      secretKmsKeyArn: key.arn,
      environment: environment(
        { kind: 'secret', secretArn: this.aurora.masterSecretArn },
        { name: config.aurora.ingestUsername },
      ),
    });
    const schema = new DeployStep(this, 'apply-schema', {
      ...stepBase,
      ...applySchemaStep({
        functionName: this.migrate.function.functionName,
        functionVersion: this.migrate.function.version,
        schemaHash: createHash('sha256').update(readFileSync(SCHEMA_FILE)).digest('hex'),
      }),
      // The function reaches Aurora once the writer is up and Secrets Manager through NAT.
      dependsOn: [
        this.migrate.function,
        reboot.resource,
        ...this.aurora.instances,
        ...this.network.egressRoutes,
      ],
    });

    this.ingest = new IngestFunction(this, 'ingest', {
      ...functionBase,
      namePrefix: prefix,
      region: config.region,
      clusterResourceId: this.aurora.cluster.clusterResourceId,
      databaseUser: config.aurora.ingestUsername,
      schedule: config.ingest.schedule,
      // Code that expects a new schema deploys only once the schema step has applied it (and before
      // the first run, the tables and the ingestion user exist).
      dependsOn: [schema.resource],
      timeoutSeconds: config.ingest.timeoutSeconds,
      memoryMb: config.ingest.memoryMb,
      reservedConcurrency: config.ingest.reservedConcurrency,
      environment: environment({ kind: 'iam', user: config.aurora.ingestUsername }),
    });

    const adminSecretArn = this.redshift.namespace.adminPasswordSecretArn;
    new DeployStep(this, 'create-integration-database', {
      ...stepBase,
      ...createIntegrationDatabaseStep({
        integrationArn: this.integration.integration.arn,
        workgroupName: this.redshift.workgroup.workgroupName,
        adminSecretArn,
        targetDatabase: config.redshift.targetDatabase,
        connectDatabase: REDSHIFT_CONNECT_DATABASE,
      }),
      dependsOn: [this.integration.integration, this.redshift.workgroup],
    });

    this.monitoring = new Monitoring(this, 'monitoring', {
      namePrefix: prefix,
      region: config.region,
      accountId: config.accountId,
      kmsKeyArn: key.arn,
      functionName: this.ingest.function.functionName,
      functionTimeoutSeconds: this.ingest.timeoutSeconds,
      failureQueueName: this.ingest.failureQueue.name,
      integrationId: this.integration.integrationId,
      clusterId: this.aurora.cluster.clusterIdentifier,
      integrationLagThresholdSeconds: config.monitoring.integrationLagThresholdSeconds,
      alarmEmail: config.monitoring.alarmEmail,
    });

    const outputs: Record<string, string> = {
      aurora_endpoint: this.aurora.cluster.endpoint,
      aurora_reader_endpoint: this.aurora.cluster.readerEndpoint,
      aurora_cluster_id: this.aurora.cluster.clusterIdentifier,
      aurora_master_secret_arn: this.aurora.masterSecretArn,
      redshift_endpoint: this.redshift.workgroup.endpoint.get(0).address,
      redshift_workgroup_name: this.redshift.workgroup.workgroupName,
      // CONFIG_PARAMETERS for a drift check: `CHECK_ONLY=1 scripts/sync-workgroup-parameters`.
      redshift_workgroup_parameters: workgroupParametersJson(this.redshift.configParameters),
      redshift_admin_secret_arn: adminSecretArn,
      redshift_target_database: config.redshift.targetDatabase,
      integration_arn: this.integration.integration.arn,
      integration_id: this.integration.integrationId,
      ingest_function_name: this.ingest.function.functionName,
      migrate_function_name: this.migrate.function.functionName,
      alarm_topic_arn: this.monitoring.topic.arn,
      dashboard_url: this.monitoring.dashboardUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
  }
}
