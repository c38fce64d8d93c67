/**
 * The bridge contract, version 1: how the local cloud's API side (moto and our Python extensions,
 * local/cloud/server/) and its data plane (this Node process) talk. One home for it: the routes, their
 * bodies and their answers are the types below, each with what it models; docs/local-cloud.md
 * describes the same.
 *
 * The Python side stays the one AWS endpoint (IAM enforced, answers valid against botocore's models);
 * when an operation needs the data plane it calls the bridge with what AWS would have given the
 * service, and maps the bridge's answer or error onto the AWS answer. The bridge listens on
 * 127.0.0.1 only (`LOCAL_CLOUD_BRIDGE_URL` in moto's environment), speaks JSON, and answers errors as
 * `{ "error": { "code", "message" } }` with a 4xx/5xx status ({@link BridgeErrorBody}).
 *
 * In the other direction the data plane asks the Python side for what only IAM knows
 * ({@link LOCAL_CLOUD_ROUTES}): an access key's secret (to check RDS IAM authentication tokens) and
 * whether a principal may `rds-db:connect`.
 */

export const BRIDGE_API_VERSION = 'v1';

// ---------------------------------------------------------------- clusters (Aurora on MariaDB)

/**
 * `POST /v1/clusters` — CreateDBCluster: starts the cluster's server (one MariaDB per cluster,
 * configured from the cluster parameter group) behind its endpoint (the MySQL front: TLS with the
 * local cloud's CA, IAM database authentication). Answers when the server accepts connections.
 * Reader instances and the reader endpoint are the same server: Aurora replicas share the cluster
 * volume, so a reader sees the writer's data; locally they are one process.
 */
export interface CreateClusterRequest {
  /** DBClusterIdentifier. */
  readonly clusterId: string;
  /** DbClusterResourceId (`cluster-…`): the resource of `rds-db:connect` ARNs. */
  readonly resourceId: string;
  readonly region: string;
  readonly accountId: string;
  readonly masterUsername: string;
  /** The master password (from the request, or the managed secret the Python side created). */
  readonly masterPassword: string;
  /** DatabaseName: created at start when given. */
  readonly databaseName?: string;
  /** The cluster parameter group's parameters (name → value), defaults left out. */
  readonly parameters: Readonly<Record<string, string>>;
}

export interface ClusterParameterReport {
  /** Parameters the server runs with (MariaDB has the setting). */
  readonly applied: readonly string[];
  /** Parameters recorded but not applied, each with why (e.g. Aurora-only settings). */
  readonly recorded: readonly { readonly name: string; readonly value: string; readonly reason: string }[];
}

export interface ClusterResponse {
  readonly clusterId: string;
  /** The cluster (writer) endpoint clients connect to: the MySQL front. */
  readonly host: string;
  readonly port: number;
  /** The reader endpoint: the same server (see above). */
  readonly readerHost: string;
  readonly parameters: ClusterParameterReport;
}

/**
 * `POST /v1/clusters/:id/reboot` — RebootDBInstance of the writer: restarts the server on its data
 * with `parameters` (the group's values now; static ones take effect). Answers when it is back.
 */
export interface RebootClusterRequest {
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * `PUT /v1/clusters/:id/parameters` — ModifyDBClusterParameterGroup with ApplyMethod `immediate`:
 * dynamic parameters the server has are set at once (`SET GLOBAL`); the rest wait for a reboot.
 */
export interface ApplyParametersRequest {
  readonly parameters: Readonly<Record<string, string>>;
}

// `DELETE /v1/clusters/:id` — DeleteDBCluster: stops the server and removes its data. 204.

// ---------------------------------------------------------------- Lambda

/**
 * `POST /v1/functions/invoke` — Invoke (RequestResponse): runs the function's code in an execution
 * environment (reused for the same code and configuration, as Lambda does).
 */
export interface InvokeFunctionRequest {
  readonly functionArn: string;
  /** The deployment package, base64 — or omitted when `codeSha256` names code the bridge already has. */
  readonly code?: string;
  /** CodeSha256 (base64 SHA-256 of the zip), as Lambda reports it. */
  readonly codeSha256: string;
  /** e.g. `index.handler`. */
  readonly handler: string;
  /** e.g. `nodejs22.x` (only Node.js runtimes run locally). */
  readonly runtime: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The execution role's session (from the local cloud's STS AssumeRole). */
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  readonly region: string;
  /** The event, as the JSON text the caller sent. */
  readonly payload: string;
  /** `Tail` returns the last 4 KB of the invocation's log. @default 'None' */
  readonly logType?: 'None' | 'Tail';
}

export interface InvokeFunctionResponse {
  /** `Unhandled` when the function threw or timed out (Invoke's X-Amz-Function-Error). */
  readonly functionError?: 'Unhandled';
  /** The response document (JSON text): the handler's result, or `{errorType, errorMessage, trace}`. */
  readonly payload: string;
  /** Base64 of the last 4 KB of the log (with logType Tail). */
  readonly logResult?: string;
  readonly executedVersion: string;
}

/** `409 CodeNotFound` answers an invoke whose `codeSha256` the bridge does not have: send `code`. */

// ---------------------------------------------------------------- Redshift Serverless

/** `POST /v1/namespaces` — CreateNamespace: an empty warehouse with its first database. */
export interface CreateNamespaceRequest {
  readonly namespace: string;
  /** dbName. @default 'dev' */
  readonly databaseName?: string;
  readonly adminUsername: string;
}

export interface NamespaceResponse {
  readonly namespace: string;
  readonly databases: readonly string[];
}

// `DELETE /v1/namespaces/:name` — DeleteNamespace: removes its databases. 204.

// ---------------------------------------------------------------- zero-ETL integrations

/**
 * `POST /v1/integrations` — CreateIntegration once it is `active`: the integration seeds and streams
 * the source cluster's databases (those its data filter selects) into the namespace's database
 * created `FROM INTEGRATION '<integrationId>'`; until that database exists nothing is copied.
 */
export interface CreateIntegrationRequest {
  /** The last segment of the integration ARN (R11). */
  readonly integrationId: string;
  readonly integrationName: string;
  readonly sourceClusterId: string;
  readonly namespace: string;
  /** DataFilter. @default DEFAULT_DATA_FILTER (rules/integration.ts: 'include: *.*') */
  readonly dataFilter?: string;
}

/** `PATCH /v1/integrations/:id` — ModifyIntegration: a new data filter (excluded tables leave the target). */
export interface ModifyIntegrationRequest {
  readonly dataFilter: string;
}

export interface IntegrationResponse {
  readonly integrationId: string;
  /** `active`, or `needs_attention` while a table is Failed (Aurora "Monitoring zero-ETL integrations"). */
  readonly status: 'active' | 'needs_attention';
  readonly targetDatabase?: string;
  readonly tables: readonly {
    readonly schema: string;
    readonly table: string;
    readonly state: string;
    readonly reason: string;
  }[];
  readonly lag: { readonly samples: number; readonly p50Ms?: number; readonly p95Ms?: number };
}

// `DELETE /v1/integrations/:id` — DeleteIntegration: replication stops; the target database stays. 204.

// ---------------------------------------------------------------- Redshift Data API

/**
 * `POST /v1/statements` — ExecuteStatement (`sql`) or BatchExecuteStatement (`sqls`, one transaction).
 * Runs asynchronously; the Python side has checked the secret and keeps the Data API's bookkeeping.
 */
export interface SubmitStatementRequest {
  /** The Id the Python side returned to the caller. */
  readonly statementId: string;
  readonly namespace: string;
  readonly database: string;
  readonly dbUser: string;
  readonly sql?: string;
  readonly sqls?: readonly string[];
}

export type StatementStatus = 'SUBMITTED' | 'STARTED' | 'FINISHED' | 'FAILED';

/** One value as GetStatementResult's `Field` union has it. */
export type StatementField =
  | { readonly isNull: true }
  | { readonly longValue: number }
  | { readonly doubleValue: number }
  | { readonly booleanValue: boolean }
  | { readonly stringValue: string };

/** GetStatementResult's `ColumnMetadata` (the members the Data API fills for Redshift). */
export interface StatementColumn {
  readonly name: string;
  readonly label: string;
  readonly typeName: string;
  readonly nullable: number;
  readonly isSigned: boolean;
  readonly isCaseSensitive: boolean;
  readonly isCurrency: boolean;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly schemaName: string;
  readonly tableName: string;
}

export interface SubStatementResponse {
  readonly status: StatementStatus;
  readonly error?: string;
  readonly queryString: string;
  readonly hasResultSet: boolean;
  readonly resultRows: number;
  readonly columns: readonly StatementColumn[];
  readonly records: readonly (readonly StatementField[])[];
}

/** `GET /v1/statements/:id` — DescribeStatement and GetStatementResult in one answer. */
export interface StatementResponse {
  readonly statementId: string;
  readonly status: StatementStatus;
  /** Redshift's text, e.g. `ERROR: relation "x" does not exist`. */
  readonly error?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly durationNs: number;
  /** Results of ExecuteStatement (one entry) or of each sub-statement of a batch. */
  readonly subStatements: readonly SubStatementResponse[];
}

// ---------------------------------------------------------------- errors

export type BridgeErrorCode =
  'BadRequest' | 'NotFound' | 'Conflict' | 'CodeNotFound' | 'InvalidParameter' | 'StartFailed' | 'Internal';

export interface BridgeErrorBody {
  readonly error: { readonly code: BridgeErrorCode; readonly message: string };
}

// ---------------------------------------------------------------- what the Python side serves

/**
 * Routes the Python side serves on the local cloud endpoint for the data plane (local only, no
 * signature): `accessKey` answers `{accessKeyId, secretAccessKey, sessionToken?, principalArn}` or
 * 404; `authorize` answers `{allowed}` for `{principalArn, action, resource}` by the principal's IAM
 * policies (always allowed when the local cloud does not enforce IAM).
 */
export const LOCAL_CLOUD_ROUTES = {
  accessKey: (accessKeyId: string) =>
    `/moto-api/local-cloud/v1/access-keys/${encodeURIComponent(accessKeyId)}`,
  authorize: '/moto-api/local-cloud/v1/authorize',
} as const;

export interface AccessKeyAnswer {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly principalArn: string;
}

export interface AuthorizeRequest {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
}

/**
 * The environment variable that gives moto the bridge's URL (set by local/cloud/server/launcher.ts,
 * read by the Python side's bridge_client.py).
 */
export const BRIDGE_URL_VARIABLE = 'LOCAL_CLOUD_BRIDGE_URL';
