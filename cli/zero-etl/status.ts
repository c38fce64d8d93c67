/**
 * `status`: the integration's health in one read. What RDS says of the integration; what Redshift
 * says of it and of every table (SVV_INTEGRATION and SVV_INTEGRATION_TABLE_STATE, which need a
 * superuser: the namespace's admin secret); for each table that is not Synced, the fix; the source
 * cluster's zero-ETL parameters against rules/ (live values, members waiting for a reboot); and
 * whether the target database exists. Only reads. Gathering is I/O through the OperationsAws port;
 * judging and rendering are pure.
 */
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../rules';
import { textTable } from '../../shared/text-table';
import { type IntegrationFacts, type OperationsAws, type SqlTarget } from './aws';
import { type OperatedEnvironment } from './environment';

export interface TableStatus {
  readonly schema: string;
  readonly table: string;
  /** Synced, Failed, ResyncRequired, ResyncInitiated, Deleted, DroppedSource … */
  readonly state: string;
  readonly reason: string;
  /** For a table that is not Synced: the rule broken (when known) and what to run. */
  readonly fix?: string;
}

export interface ParameterStatus {
  readonly name: string;
  readonly required: string;
  readonly live?: string;
  readonly ok: boolean;
}

export interface StatusReport {
  readonly environment: string;
  readonly integration?: IntegrationFacts;
  /** From SVV_INTEGRATION (Redshift's own view of the integration). */
  readonly warehouse?: {
    readonly state: string;
    readonly currentLag: number | null;
    readonly tablesReplicated: number;
    readonly tablesFailed: number;
  };
  readonly targetDatabase: { readonly name: string; readonly exists: boolean };
  readonly tables: readonly TableStatus[];
  readonly parameters: readonly ParameterStatus[];
  /** Instances whose parameter changes wait for a reboot (A7): the integration may sit in Syncing. */
  readonly pendingReboot: readonly string[];
  /** Why the integration needs attention; empty when healthy. */
  readonly problems: readonly string[];
  readonly healthy: boolean;
}

const refreshCommand = (environment: string, table: string) =>
  `npm run zero-etl -- refresh ${environment} --tables ${table}`;

/** The fix for a table that is not Synced, from its state and Redshift's reason. */
export function tableFix(
  environment: OperatedEnvironment,
  table: Omit<TableStatus, 'fix'>,
): string | undefined {
  const refresh = refreshCommand(environment.name, table.table);
  const source = `\`${environment.sourceDatabase}\`.\`${table.table}\``;
  switch (table.state) {
    case 'Synced':
    case 'DroppedSource':
    case 'Deleted':
      return undefined;
    case 'ResyncInitiated':
      return 'a resync is running: wait for Synced (status shows it)';
    case 'ResyncRequired':
      return `S6: the table is re-copied after DDL zero-ETL cannot apply in place; it starts by itself, or now: ${refresh}`;
    default:
      if (/primary key/i.test(table.reason)) {
        return `S1: on Aurora, ALTER TABLE ${source} ADD PRIMARY KEY (<unique, non-null columns>); then ${refresh}`;
      }
      if (/type|unsupported/i.test(table.reason)) {
        return `S7: change the column to a type Redshift supports (npm run preflight names it); then ${refresh}`;
      }
      if (/cascade|foreign key/i.test(table.reason)) {
        return `S3: recreate the foreign key with ON DELETE RESTRICT ON UPDATE RESTRICT; then ${refresh}`;
      }
      if (/engine|innodb/i.test(table.reason))
        return `S2: ALTER TABLE ${source} ENGINE = InnoDB; then ${refresh}`;
      return `fix the cause Redshift gives (npm run preflight checks every table rule), then ${refresh}`;
  }
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim());

/** Reads everything `status` reports; a missing integration, secret or database is reported, not thrown. */
export async function gatherStatus(
  aws: OperationsAws,
  environment: OperatedEnvironment,
): Promise<StatusReport> {
  const [integration, cluster, secretArn] = await Promise.all([
    aws.findIntegration(environment.integrationName),
    aws.describeCluster(environment.clusterId),
    aws.adminSecretArn(environment.namespace),
  ]);
  const names = ZERO_ETL_CLUSTER_PARAMETERS.map((parameter) => parameter.name);
  const live = cluster ? await aws.clusterParameters(cluster.parameterGroup, names) : {};
  const parameters = ZERO_ETL_CLUSTER_PARAMETERS.map((parameter) => {
    const value = live[parameter.name]?.value;
    return {
      name: parameter.name,
      required: parameter.value,
      live: value,
      ok: value !== undefined && value.toLowerCase() === parameter.value.toLowerCase(),
    };
  });
  const pendingReboot = (cluster?.members ?? [])
    .filter((member) => member.parameterGroupStatus === 'pending-reboot')
    .map((member) => member.instance);

  let warehouse: StatusReport['warehouse'];
  let tables: TableStatus[] = [];
  let exists = false;
  if (secretArn) {
    const target: SqlTarget = {
      workgroup: environment.workgroup,
      secretArn,
      database: environment.connectDatabase,
    };
    const databases = await aws.query(
      target,
      `SELECT COUNT(*) FROM svv_redshift_databases WHERE database_name = ${quoted(environment.targetDatabase)}`,
    );
    exists = Number(databases.rows[0]?.[0] ?? 0) > 0;
    if (integration) {
      const row = await aws.query(
        target,
        'SELECT TRIM(state), current_lag, total_tables_replicated, total_tables_failed FROM svv_integration ' +
          `WHERE integration_id = ${quoted(integration.id)}`,
      );
      const [state, lag, replicated, failed] = row.rows[0] ?? [];
      if (row.rows.length > 0) {
        warehouse = {
          state: text(state),
          currentLag: lag === null || lag === undefined ? null : Number(lag),
          tablesReplicated: Number(replicated ?? 0),
          tablesFailed: Number(failed ?? 0),
        };
      }
      const states = await aws.query(
        target,
        "SELECT TRIM(schema_name), TRIM(table_name), TRIM(table_state), TRIM(COALESCE(reason, '')) " +
          `FROM svv_integration_table_state WHERE integration_id = ${quoted(integration.id)} ORDER BY 1, 2`,
      );
      tables = states.rows.map(([schema, table, state, reason]) => {
        const status = { schema: text(schema), table: text(table), state: text(state), reason: text(reason) };
        return { ...status, fix: tableFix(environment, status) };
      });
    }
  }
  return judge(environment, {
    environment: environment.name,
    integration,
    warehouse,
    targetDatabase: { name: environment.targetDatabase, exists },
    tables,
    parameters,
    pendingReboot,
    secretFound: Boolean(secretArn),
    clusterFound: Boolean(cluster),
  });
}

interface Observed extends Omit<StatusReport, 'problems' | 'healthy'> {
  readonly secretFound: boolean;
  readonly clusterFound: boolean;
}

/** The verdict: every reason the integration needs attention (pure). */
export function judge(environment: OperatedEnvironment, observed: Observed): StatusReport {
  const problems: string[] = [];
  const { integration } = observed;
  if (!integration) {
    problems.push(
      `no integration named ${environment.integrationName}: deploy the stack (cdktf deploy ${environment.name})`,
    );
  } else if (integration.status !== 'active') {
    const errors = integration.errors.map((error) => `${error.code}: ${error.message}`).join('; ');
    problems.push(`the integration is ${integration.status}${errors ? ` (${errors})` : ''}`);
  }
  if (!observed.clusterFound) problems.push(`no Aurora cluster ${environment.clusterId}`);
  for (const parameter of observed.parameters.filter((candidate) => !candidate.ok)) {
    problems.push(
      `A3/A4: ${parameter.name} is ${parameter.live ?? 'unset'}, zero-ETL needs ${parameter.required} (the stack sets it: apply it)`,
    );
  }
  if (observed.pendingReboot.length > 0) {
    problems.push(
      `A7: ${observed.pendingReboot.join(', ')} wait for a reboot to apply parameter changes; the integration may sit in syncing until then (bash scripts/reboot-instances-if-pending)`,
    );
  }
  if (!observed.secretFound) {
    problems.push(
      `the namespace ${environment.namespace} has no managed admin secret to read the system views with`,
    );
  } else if (!observed.targetDatabase.exists) {
    problems.push(
      `the target database ${environment.targetDatabase} does not exist: CREATE DATABASE … FROM INTEGRATION (bash scripts/create-integration-database)`,
    );
  }
  for (const table of observed.tables.filter((candidate) => candidate.fix)) {
    problems.push(`${table.schema}.${table.table} is ${table.state}`);
  }
  const { secretFound: _secret, clusterFound: _cluster, ...report } = observed;
  return { ...report, problems, healthy: problems.length === 0 };
}

const lagText = (lag: number | null | undefined) => (lag === null || lag === undefined ? 'n/a' : String(lag));

export function renderStatus(report: StatusReport): string {
  const { integration, warehouse } = report;
  const lines = [
    `zero-ETL status of ${report.environment}: ${report.healthy ? 'healthy' : 'NEEDS ATTENTION'}`,
    '',
    `integration  ${integration ? `${integration.name} (${integration.id}): ${integration.status}` : 'none'}`,
    ...(integration?.errors ?? []).map((error) => `             ${error.code}: ${error.message}`),
    `warehouse    ${
      warehouse
        ? `${warehouse.state}; current_lag ${lagText(warehouse.currentLag)}; ${warehouse.tablesReplicated} tables replicated, ${warehouse.tablesFailed} failed`
        : 'no SVV_INTEGRATION row'
    }`,
    `target       ${report.targetDatabase.name}: ${report.targetDatabase.exists ? 'exists' : 'MISSING'}`,
    `parameters   ${
      report.parameters.every((parameter) => parameter.ok) ? 'every zero-ETL value in place' : 'DRIFTED'
    }${report.pendingReboot.length > 0 ? `; pending-reboot: ${report.pendingReboot.join(', ')}` : ''}`,
    '',
  ];
  if (report.tables.length > 0) {
    lines.push(
      textTable(
        ['TABLE', 'STATE', 'REASON / FIX'],
        report.tables.flatMap((table) => [
          [`${table.schema}.${table.table}`, table.state, table.reason],
          ...(table.fix ? [['', '', `fix: ${table.fix}`]] : []),
        ]),
      ),
      '',
    );
  }
  const drifted = report.parameters.filter((parameter) => !parameter.ok);
  if (drifted.length > 0) {
    lines.push(
      textTable(
        ['PARAMETER', 'LIVE', 'REQUIRED'],
        drifted.map((parameter) => [parameter.name, parameter.live ?? '(unset)', parameter.required]),
      ),
      '',
    );
  }
  lines.push(
    report.healthy
      ? 'Healthy: nothing to do.'
      : `Needs attention:\n${report.problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  return lines.join('\n');
}
