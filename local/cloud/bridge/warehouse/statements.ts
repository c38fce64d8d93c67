/**
 * The Redshift Data API's execution side: statements run asynchronously against a namespace's
 * database and go SUBMITTED → STARTED → FINISHED or FAILED ("DescribeStatement", Redshift Data API
 * Reference). A batch runs in one transaction, so a statement that cannot run inside one (CREATE and
 * DROP DATABASE, R7) fails there as it does in Redshift. Redshift-only statements are answered by the
 * catalog (databases and integrations); the rest run on PostgreSQL (PGlite).
 */
import type { ExecuteStatement, StatementResult } from '../../../dataplane/warehouse/warehouse';
import type { StatementResponse, SubmitStatementRequest, SubStatementResponse } from '../contract';
import type { Namespace } from './namespace';
import { mustRunOutsideTransaction, parseRedshiftCommand, type RedshiftCommand } from './redshift-commands';
import { columnMetadata, fieldValue, redshiftError } from './result-format';
import { fillSystemViews, readsSystemViews, type SystemViewRows } from './system-views';
import { LocalCloudError } from '../../errors';

/** What statements need from the rest of the data plane. */
export interface WarehouseCatalog {
  namespace(name: string): Namespace | undefined;
  /** Runs a Redshift-only command; throws with Redshift's text when it cannot. */
  runCommand(namespace: Namespace, connectedTo: string, command: RedshiftCommand): Promise<void>;
  systemViewRows(namespace: Namespace): SystemViewRows;
}

export class StatementError extends LocalCloudError {
  constructor(message: string) {
    super(message);
    this.name = 'StatementError';
  }
}

interface StatementRecord {
  response: StatementResponse;
}

const now = () => new Date().toISOString();

export class StatementRunner {
  private readonly statements = new Map<string, StatementRecord>();

  constructor(private readonly catalog: WarehouseCatalog) {}

  /** Accepts the statement (SUBMITTED) and runs it in the background. */
  submit(request: SubmitStatementRequest): StatementResponse {
    const sqls = request.sqls ?? (request.sql === undefined ? [] : [request.sql]);
    if (sqls.length === 0) throw new StatementError('a statement needs sql or sqls');
    if (this.statements.has(request.statementId)) {
      throw new StatementError(`statement ${request.statementId} was already submitted`);
    }
    const created = now();
    const record: StatementRecord = {
      response: {
        statementId: request.statementId,
        status: 'SUBMITTED',
        createdAt: created,
        updatedAt: created,
        durationNs: 0,
        subStatements: sqls.map((sql) => pending(sql)),
      },
    };
    this.statements.set(request.statementId, record);
    setImmediate(() => void this.run(record, request, sqls));
    return record.response;
  }

  describe(statementId: string): StatementResponse | undefined {
    return this.statements.get(statementId)?.response;
  }

  private async run(record: StatementRecord, request: SubmitStatementRequest, sqls: readonly string[]) {
    const started = process.hrtime.bigint();
    record.response = { ...record.response, status: 'STARTED', updatedAt: now() };
    const results: SubStatementResponse[] = sqls.map((sql) => pending(sql));
    const finish = (error?: string) => {
      record.response = {
        ...record.response,
        status: error ? 'FAILED' : 'FINISHED',
        error,
        updatedAt: now(),
        durationNs: Number(process.hrtime.bigint() - started),
        subStatements: results,
      };
    };
    try {
      const namespace = this.catalog.namespace(request.namespace);
      if (!namespace) throw new StatementError(`ERROR: namespace ${request.namespace} does not exist`);
      const warehouse = namespace.get(request.database);
      if (!warehouse) throw new StatementError(`ERROR: database "${request.database}" does not exist`);
      const runOne = async (sql: string, execute: ExecuteStatement, inTransaction: boolean) => {
        const command = parseRedshiftCommand(sql);
        if (command) {
          if (inTransaction && mustRunOutsideTransaction(command)) {
            const verb = command.kind === 'drop-database' ? 'DROP' : 'CREATE';
            throw new StatementError(`ERROR: ${verb} DATABASE cannot run inside a transaction block`);
          }
          await this.catalog.runCommand(namespace, request.database, command);
          return { fields: [], rows: [], affectedRows: 0 };
        }
        if (readsSystemViews(sql)) await fillSystemViews(execute, this.catalog.systemViewRows(namespace));
        return execute(sql);
      };
      if (request.sqls) {
        await warehouse.transaction(async (execute) => {
          for (const [index, sql] of sqls.entries()) {
            try {
              results[index] = finished(sql, await runOne(sql, execute, true));
            } catch (error) {
              results[index] = { ...results[index], status: 'FAILED', error: redshiftError(error) };
              throw error;
            }
          }
        });
      } else {
        results[0] = finished(sqls[0], await runOne(sqls[0], (sql) => warehouse.execute(sql), false));
      }
      finish();
    } catch (error) {
      finish(redshiftError(error));
    }
  }
}

function pending(sql: string): SubStatementResponse {
  return {
    status: 'SUBMITTED',
    queryString: sql,
    hasResultSet: false,
    resultRows: 0,
    columns: [],
    records: [],
  };
}

function finished(sql: string, result: StatementResult): SubStatementResponse {
  const hasResultSet = result.fields.length > 0;
  return {
    status: 'FINISHED',
    queryString: sql,
    hasResultSet,
    resultRows: hasResultSet ? result.rows.length : result.affectedRows,
    columns: result.fields.map(columnMetadata),
    records: result.rows.map((row) =>
      row.map((value, index) => fieldValue(value, result.fields[index].dataTypeID)),
    ),
  };
}
