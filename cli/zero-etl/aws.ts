/**
 * What the operations commands ask AWS, as a port (`OperationsAws`) and its adapter on the AWS SDK v3.
 * Only reads, except `execute` (the refresh statement). Every call's failure becomes a
 * ZeroEtlAccessError naming the action, and for a denial the permission to grant — never a stack trace.
 * The SDK finds credentials and endpoints as the AWS CLI does (AWS_PROFILE, AWS_ENDPOINT_URL, …).
 */
import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeIntegrationsCommand,
  RDSClient,
  type Integration,
  type Parameter,
} from '@aws-sdk/client-rds';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type Field,
} from '@aws-sdk/client-redshift-data';
import { GetNamespaceCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { ZeroEtlAccessError } from './errors';

export interface IntegrationFacts {
  readonly arn: string;
  /** The last segment of the ARN (R11), as SVV_INTEGRATION and CREATE DATABASE name it. */
  readonly id: string;
  readonly name: string;
  /** creating, active, modifying, failed, deleting, syncing, needs_attention. */
  readonly status: string;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly dataFilter?: string;
}

export interface ClusterFacts {
  readonly parameterGroup: string;
  readonly members: readonly {
    readonly instance: string;
    readonly writer: boolean;
    /** in-sync, pending-reboot or applying. */
    readonly parameterGroupStatus: string;
  }[];
}

export interface LiveParameter {
  readonly value?: string;
  readonly applyMethod?: string;
}

/** Where Data API statements run: the workgroup, as the namespace's admin (its managed secret). */
export interface SqlTarget {
  readonly workgroup: string;
  readonly secretArn: string;
  readonly database: string;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

export interface OperationsAws {
  findIntegration(name: string): Promise<IntegrationFacts | undefined>;
  describeCluster(clusterId: string): Promise<ClusterFacts | undefined>;
  clusterParameters(group: string, names: readonly string[]): Promise<Record<string, LiveParameter>>;
  adminSecretArn(namespace: string): Promise<string | undefined>;
  query(target: SqlTarget, sql: string): Promise<QueryResult>;
  execute(target: SqlTarget, sql: string): Promise<void>;
}

/** A statement Redshift ran and refused: its error text is the user's to read. */
export class StatementFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatementFailedError';
  }
}

/** The IAM action behind each call, for the message a denial gets. */
const ACTIONS = {
  DescribeIntegrations: 'rds:DescribeIntegrations',
  DescribeDBClusters: 'rds:DescribeDBClusters',
  DescribeDBClusterParameters: 'rds:DescribeDBClusterParameters',
  GetNamespace: 'redshift-serverless:GetNamespace',
  ExecuteStatement: 'redshift-data:ExecuteStatement',
  DescribeStatement: 'redshift-data:DescribeStatement',
  GetStatementResult: 'redshift-data:GetStatementResult',
} as const;

async function call<T>(operation: keyof typeof ACTIONS, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const { name, message } = error as Error;
    if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name)) {
      throw new ZeroEtlAccessError(
        `${operation} was denied: grant ${ACTIONS[operation]} (docs/operations.md lists every permission the commands need). AWS said: ${message}`,
        { cause: error },
      );
    }
    if (name === 'CredentialsProviderError' || /Could not load credentials/.test(message)) {
      throw new ZeroEtlAccessError(
        'No AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run where a role is available',
        { cause: error },
      );
    }
    if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket hang up/.test(`${name} ${message}`)) {
      throw new ZeroEtlAccessError(
        `${operation}: AWS could not be reached (${message}); check the network, the Region and AWS_ENDPOINT_URL`,
        { cause: error },
      );
    }
    throw new ZeroEtlAccessError(`${operation} failed: ${name}: ${message}`, { cause: error });
  }
}

const fieldValue = (field: Field): string | number | boolean | null => {
  if (field.isNull) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The adapter on the AWS SDK v3, in `region`; statements are polled every `pollMs` until they settle. */
export function sdkOperationsAws(region: string, pollMs = 500): OperationsAws {
  const rds = new RDSClient({ region });
  const serverless = new RedshiftServerlessClient({ region });
  const data = new RedshiftDataClient({ region });

  async function run(target: SqlTarget, sql: string): Promise<string> {
    const { Id } = await call('ExecuteStatement', () =>
      data.send(
        new ExecuteStatementCommand({
          WorkgroupName: target.workgroup,
          SecretArn: target.secretArn,
          Database: target.database,
          Sql: sql,
        }),
      ),
    );
    for (;;) {
      const statement = await call('DescribeStatement', () =>
        data.send(new DescribeStatementCommand({ Id })),
      );
      if (statement.Status === 'FINISHED') return Id!;
      if (statement.Status === 'FAILED' || statement.Status === 'ABORTED') {
        throw new StatementFailedError(statement.Error ?? `statement ${Id} ${statement.Status}`);
      }
      await sleep(pollMs);
    }
  }

  return {
    async findIntegration(name) {
      // Every page, matched by name: the API reference documents no filter by name.
      const integrations: Integration[] = [];
      let marker: string | undefined;
      do {
        const page = await call('DescribeIntegrations', () =>
          rds.send(new DescribeIntegrationsCommand({ Marker: marker })),
        );
        integrations.push(...(page.Integrations ?? []));
        marker = page.Marker;
      } while (marker);
      const found = integrations.find((integration) => integration.IntegrationName === name);
      if (!found?.IntegrationArn) return undefined;
      return {
        arn: found.IntegrationArn,
        id: found.IntegrationArn.split(':').pop()!,
        name,
        status: found.Status ?? 'unknown',
        errors: (found.Errors ?? []).map((error) => ({
          code: error.ErrorCode ?? '',
          message: error.ErrorMessage ?? '',
        })),
        dataFilter: found.DataFilter,
      };
    },
    async describeCluster(clusterId) {
      const result = await call('DescribeDBClusters', () =>
        rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId })),
      ).catch((error: unknown) => {
        if (/DBClusterNotFound/.test(String((error as Error).message))) return { DBClusters: [] };
        throw error;
      });
      const cluster = result.DBClusters?.[0];
      if (!cluster) return undefined;
      return {
        parameterGroup: cluster.DBClusterParameterGroup ?? '',
        members: (cluster.DBClusterMembers ?? []).map((member) => ({
          instance: member.DBInstanceIdentifier ?? '',
          writer: member.IsClusterWriter ?? false,
          parameterGroupStatus: member.DBClusterParameterGroupStatus ?? 'unknown',
        })),
      };
    },
    async clusterParameters(group, names) {
      const found: Parameter[] = [];
      let marker: string | undefined;
      do {
        const page = await call('DescribeDBClusterParameters', () =>
          rds.send(
            new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: group, Marker: marker }),
          ),
        );
        found.push(...(page.Parameters ?? []));
        marker = page.Marker;
      } while (marker);
      return Object.fromEntries(
        names.map((name) => {
          const parameter = found.find((candidate) => candidate.ParameterName === name);
          return [name, { value: parameter?.ParameterValue, applyMethod: parameter?.ApplyMethod }];
        }),
      );
    },
    async adminSecretArn(namespace) {
      const result = await call('GetNamespace', () =>
        serverless.send(new GetNamespaceCommand({ namespaceName: namespace })),
      );
      return result.namespace?.adminPasswordSecretArn;
    },
    async query(target, sql) {
      const id = await run(target, sql);
      const result = await call('GetStatementResult', () =>
        data.send(new GetStatementResultCommand({ Id: id })),
      );
      return {
        columns: (result.ColumnMetadata ?? []).map((column) => column.name ?? ''),
        rows: (result.Records ?? []).map((record) => record.map(fieldValue)),
      };
    },
    async execute(target, sql) {
      await run(target, sql);
    },
  };
}
