/**
 * The local cloud's data plane: the clusters, warehouses, integrations and statements the bridge's
 * routes act on. One object owns them, so `close()` stops everything it started.
 */
import { startCluster, type Cluster } from './clusters/cluster';
import type {
  ApplyParametersRequest,
  ClusterParameterReport,
  ClusterResponse,
  CreateClusterRequest,
  CreateIntegrationRequest,
  CreateNamespaceRequest,
  IntegrationResponse,
  InvokeFunctionRequest,
  InvokeFunctionResponse,
  ModifyIntegrationRequest,
  NamespaceResponse,
  RebootClusterRequest,
  StatementResponse,
  SubmitStatementRequest,
} from './contract';
import { Integration } from './integrations/integration';
import { FunctionCodeError, FunctionRuntime } from './lambda/functions';
import type { AccessKeyDirectory } from './mysql-front/access-keys';
import type { CertificateAuthority } from './tls/certificate-authority';
import { Namespace } from './warehouse/namespace';
import type { RedshiftCommand } from './warehouse/redshift-commands';
import { StatementError, StatementRunner } from './warehouse/statements';
import type { SystemViewRows } from './warehouse/system-views';
import { LocalCloudError } from '../errors';

/** A request the data plane cannot carry out; `code` maps to the bridge's error codes. */
export class DataPlaneError extends LocalCloudError {
  constructor(
    readonly code: 'NotFound' | 'Conflict' | 'BadRequest' | 'InvalidParameter' | 'CodeNotFound',
    message: string,
  ) {
    super(message);
    this.name = 'DataPlaneError';
  }
}

export interface DataPlaneOptions {
  readonly ca: CertificateAuthority;
  readonly accessKeys: AccessKeyDirectory;
  /** The local cloud's AWS endpoint (functions' AWS_ENDPOINT_URL). */
  readonly endpointUrl: string;
  /** @default - dropped */
  readonly log?: (line: string) => void;
  /** How long a table stays ResyncRequired. @default 2000 */
  readonly resyncAfterMs?: number;
}

export class DataPlane {
  private readonly clusters = new Map<string, Cluster>();
  private readonly namespaces = new Map<string, Namespace>();
  private readonly integrations = new Map<string, Integration>();
  readonly statements: StatementRunner;
  private functions?: FunctionRuntime;

  constructor(private readonly options: DataPlaneOptions) {
    this.statements = new StatementRunner({
      namespace: (name) => this.namespaces.get(name),
      runCommand: (namespace, connectedTo, command) => this.runCommand(namespace, connectedTo, command),
      systemViewRows: (namespace) => this.systemViewRows(namespace),
    });
  }

  // ------------------------------------------------------------------ clusters
  async createCluster(request: CreateClusterRequest): Promise<ClusterResponse> {
    if (this.clusters.has(request.clusterId)) {
      throw new DataPlaneError('Conflict', `cluster ${request.clusterId} already runs`);
    }
    const cluster = await startCluster(request, {
      ca: this.options.ca,
      accessKeys: this.options.accessKeys,
      log: this.options.log,
    });
    this.clusters.set(request.clusterId, cluster);
    return cluster.describe();
  }

  cluster(clusterId: string): Cluster {
    const cluster = this.clusters.get(clusterId);
    if (!cluster) throw new DataPlaneError('NotFound', `no cluster ${clusterId}`);
    return cluster;
  }

  rebootCluster(clusterId: string, request: RebootClusterRequest): Promise<ClusterParameterReport> {
    return this.cluster(clusterId).reboot(request.parameters);
  }

  applyClusterParameters(clusterId: string, request: ApplyParametersRequest) {
    return this.cluster(clusterId).applyParameters(request.parameters);
  }

  async deleteCluster(clusterId: string): Promise<void> {
    const cluster = this.cluster(clusterId);
    for (const integration of this.integrations.values()) {
      if (integration.request.sourceClusterId === clusterId) await this.deleteIntegration(integration.id);
    }
    this.clusters.delete(clusterId);
    await cluster.delete();
  }

  // ------------------------------------------------------------------ functions
  async invokeFunction(request: InvokeFunctionRequest): Promise<InvokeFunctionResponse> {
    this.functions ??= new FunctionRuntime({
      endpointUrl: this.options.endpointUrl,
      caFile: this.options.ca.caFile,
      log: this.options.log,
    });
    try {
      return await this.functions.invoke(request);
    } catch (error) {
      if (error instanceof FunctionCodeError) throw new DataPlaneError(error.code, error.message);
      throw error;
    }
  }

  // ------------------------------------------------------------------ namespaces
  async createNamespace(request: CreateNamespaceRequest): Promise<NamespaceResponse> {
    if (this.namespaces.has(request.namespace)) {
      throw new DataPlaneError('Conflict', `namespace ${request.namespace} already exists`);
    }
    const namespace = await Namespace.create(
      request.namespace,
      request.databaseName ?? 'dev',
      request.adminUsername,
    );
    this.namespaces.set(request.namespace, namespace);
    return { namespace: namespace.name, databases: namespace.names() };
  }

  async deleteNamespace(name: string): Promise<void> {
    const namespace = this.namespaces.get(name);
    if (!namespace) throw new DataPlaneError('NotFound', `no namespace ${name}`);
    for (const integration of this.integrations.values()) {
      if (integration.request.namespace === name) await this.deleteIntegration(integration.id);
    }
    this.namespaces.delete(name);
    await namespace.close();
  }

  // ------------------------------------------------------------------ integrations
  createIntegration(request: CreateIntegrationRequest): IntegrationResponse {
    if (this.integrations.has(request.integrationId)) {
      throw new DataPlaneError('Conflict', `integration ${request.integrationId} already exists`);
    }
    const cluster = this.cluster(request.sourceClusterId);
    if (!this.namespaces.has(request.namespace))
      throw new DataPlaneError('NotFound', `no namespace ${request.namespace}`);
    let integration: Integration;
    try {
      integration = new Integration(request, {
        sourceUrl: cluster.adminUrl,
        resyncAfterMs: this.options.resyncAfterMs,
        log: this.options.log,
      });
    } catch (error) {
      throw new DataPlaneError('InvalidParameter', `data filter: ${(error as Error).message}`);
    }
    this.integrations.set(request.integrationId, integration);
    return integration.describe();
  }

  integration(integrationId: string): Integration {
    const integration = this.integrations.get(integrationId);
    if (!integration) throw new DataPlaneError('NotFound', `no integration ${integrationId}`);
    return integration;
  }

  async modifyIntegration(
    integrationId: string,
    request: ModifyIntegrationRequest,
  ): Promise<IntegrationResponse> {
    const integration = this.integration(integrationId);
    try {
      await integration.changeFilter(request.dataFilter);
    } catch (error) {
      throw new DataPlaneError('InvalidParameter', `data filter: ${(error as Error).message}`);
    }
    return integration.describe();
  }

  /** Replication stops; the target database and its data stay ("Deleting zero-ETL integrations"). */
  async deleteIntegration(integrationId: string): Promise<void> {
    const integration = this.integration(integrationId);
    this.integrations.delete(integrationId);
    await integration.stop();
  }

  // ------------------------------------------------------------------ statements
  submitStatement(request: SubmitStatementRequest): StatementResponse {
    if (!this.namespaces.has(request.namespace))
      throw new DataPlaneError('NotFound', `no namespace ${request.namespace}`);
    try {
      return this.statements.submit(request);
    } catch (error) {
      throw new DataPlaneError(
        error instanceof StatementError ? 'BadRequest' : 'Conflict',
        (error as Error).message,
      );
    }
  }

  describeStatement(statementId: string): StatementResponse {
    const statement = this.statements.describe(statementId);
    if (!statement) throw new DataPlaneError('NotFound', `no statement ${statementId}`);
    return statement;
  }

  private async runCommand(
    namespace: Namespace,
    connectedTo: string,
    command: RedshiftCommand,
  ): Promise<void> {
    if (command.kind === 'create-database') {
      if (namespace.has(command.database))
        throw new StatementError(`ERROR: database "${command.database}" already exists`);
      if (!command.integrationId) {
        await namespace.addDatabase(command.database);
        return;
      }
      const integration = this.integrations.get(command.integrationId);
      // CREATE DATABASE … FROM INTEGRATION needs an active integration into this namespace.
      if (!integration || integration.request.namespace !== namespace.name) {
        throw new StatementError(
          `ERROR: Integration '${command.integrationId}' does not exist or is not active`,
        );
      }
      if (integration.targetDatabase) {
        throw new StatementError(
          `ERROR: Integration '${command.integrationId}' already has the target database "${integration.targetDatabase}"`,
        );
      }
      const warehouse = await namespace.addDatabase(command.database);
      namespace.integrationTargets.set(command.database, integration.id);
      await integration.bind(command.database, warehouse);
      return;
    }
    if (command.kind === 'drop-database') {
      if (!namespace.has(command.database))
        throw new StatementError(`ERROR: database "${command.database}" does not exist`);
      if (command.database === connectedTo)
        throw new StatementError('ERROR: cannot drop the currently open database');
      const feeding = namespace.integrationTargets.get(command.database);
      const integration = feeding ? this.integrations.get(feeding) : undefined;
      if (integration) {
        await integration.stop();
        this.integrations.set(
          integration.id,
          new Integration(integration.request, {
            sourceUrl: this.cluster(integration.request.sourceClusterId).adminUrl,
            resyncAfterMs: this.options.resyncAfterMs,
            log: this.options.log,
          }),
        );
      }
      await namespace.dropDatabase(command.database);
      return;
    }
    const integrationId = namespace.integrationTargets.get(command.database);
    const integration = integrationId ? this.integrations.get(integrationId) : undefined;
    if (!integration) {
      throw new StatementError(
        `ERROR: database "${command.database}" is not a database created from an integration`,
      );
    }
    await integration.refresh(command.target);
  }

  private systemViewRows(namespace: Namespace): SystemViewRows {
    const integrations = [...this.integrations.values()].filter(
      (i) => i.request.namespace === namespace.name,
    );
    return {
      svv_integration: integrations.flatMap((integration) => integration.integrationRow() ?? []),
      svv_integration_table_state: integrations.flatMap((integration) => integration.tableStates()),
      svv_redshift_databases: namespace.names().map((name) => ({
        database_name: name,
        database_owner: 100,
        database_type: 'local',
        database_options: '',
        database_isolation_level: 'Snapshot Isolation',
      })),
    };
  }

  /** Stops every integration, warehouse and cluster. */
  async close(): Promise<void> {
    await this.functions?.close().catch(() => undefined);
    for (const integration of this.integrations.values()) await integration.stop().catch(() => undefined);
    this.integrations.clear();
    for (const namespace of this.namespaces.values()) await namespace.close().catch(() => undefined);
    this.namespaces.clear();
    for (const cluster of this.clusters.values()) await cluster.delete().catch(() => undefined);
    this.clusters.clear();
  }
}
