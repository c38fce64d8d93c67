/** Builders for the AWS CLI answers the deploy-step tests script into the scripted `aws`. */
import { join } from 'node:path';
import { SCRIPTS_DIR } from '../../paths';
import type { ScriptedAwsAnswer } from './scripted-aws';

export { SCRIPTS_DIR };
export const script = (name: string) => join(SCRIPTS_DIR, name);

/** Fast polling for tests; timeouts far above what a passing test needs. */
export const FAST = { POLL_SECONDS: '0', TIMEOUT_SECONDS: '30' } as const;
/** For timeout tests: give up after one second. */
export const IMPATIENT = { POLL_SECONDS: '0.2', TIMEOUT_SECONDS: '1' } as const;

export const ok = (stdout: unknown): ScriptedAwsAnswer => ({ stdout });

/** One cluster member: instance id, writer or reader, and its DBClusterParameterGroupStatus. */
export type Member = readonly [instance: string, role: 'writer' | 'reader', parameterGroupStatus: string];

export function cluster(...members: Member[]): ScriptedAwsAnswer {
  return ok({
    DBClusters: [
      {
        DBClusterIdentifier: 'zero-etl-dev',
        DBClusterMembers: members.map(([id, role, status]) => ({
          DBInstanceIdentifier: id,
          IsClusterWriter: role === 'writer',
          DBClusterParameterGroupStatus: status,
        })),
      },
    ],
  });
}

export const instance = (status: string): ScriptedAwsAnswer =>
  ok({ DBInstances: [{ DBInstanceStatus: status }] });

export const integration = (status: string, errors: unknown[] = []): ScriptedAwsAnswer =>
  ok({ Integrations: [{ Status: status, Errors: errors }] });

export const statementSubmitted = (id: string): ScriptedAwsAnswer => ok({ Id: id });
export const statement = (status: string, error?: string): ScriptedAwsAnswer =>
  ok({ Id: 'stmt', Status: status, ...(error ? { Error: error } : {}) });

type Cell = string | number | null;
export const records = (...rows: Cell[][]): ScriptedAwsAnswer =>
  ok({
    Records: rows.map((row) =>
      row.map((cell) =>
        cell === null
          ? { isNull: true }
          : typeof cell === 'number'
            ? { longValue: cell }
            : { stringValue: cell },
      ),
    ),
  });

export const functionState = (State: string, LastUpdateStatus = 'Successful'): ScriptedAwsAnswer =>
  ok({ FunctionName: 'ingest', State, LastUpdateStatus });

/** `aws lambda invoke` metadata on stdout plus the function's response document in the outfile. */
export function lambdaResponse(statusCode: number, body: unknown): ScriptedAwsAnswer {
  return {
    stdout: { StatusCode: 200, ExecutedVersion: '$LATEST' },
    outfile: { statusCode, body: JSON.stringify(body) },
  };
}

export function lambdaCrash(errorMessage: string): ScriptedAwsAnswer {
  return {
    stdout: { StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST' },
    outfile: { errorType: 'Error', errorMessage },
  };
}
