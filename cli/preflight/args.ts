/** Parses the preflight's command line (pure). */
import { parseArgs } from 'node:util';
import { PreflightUsageError, type PreflightOptions } from '../../shared/preflight';
import { userPath } from '../../shared/user-path';

export const USAGE = `Usage: npm run preflight -- --url mysql://user:password@host:3306/[database]
                             [--databases a,b] [--schema-file sql/schema.sql] [--json]

Checks a MySQL-compatible server (Aurora MySQL 3 in production) against the zero-ETL requirements.
  --url          server to check (required)
  --databases    comma-separated databases whose tables are checked
                 (default: the URL's database, else every non-system database)
  --schema-file  load this SQL file into a throwaway database on the server and check it instead
                 (needs CREATE and DROP on it; relative paths are taken from where npm was run)
  --json         print the report as JSON
Exit codes: 0 every requirement passes, 1 a requirement fails, 2 cannot connect or bad arguments.`;

export interface PreflightCommand {
  readonly help: boolean;
  readonly json: boolean;
  readonly options: PreflightOptions;
}

/** Appended to usage errors: the full usage is one command away. */
const SEE_HELP = '(npm run preflight -- --help shows the usage)';

export function parsePreflightArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): PreflightCommand {
  let values: { url?: string; databases?: string; 'schema-file'?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        databases: { type: 'string' },
        'schema-file': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new PreflightUsageError(`${(error as Error).message} ${SEE_HELP}`);
  }
  if (values.help) return { help: true, json: false, options: { url: '' } };
  if (!values.url) throw new PreflightUsageError(`--url is required ${SEE_HELP}`);
  const databases = values.databases
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (values.databases !== undefined && (!databases || databases.length === 0)) {
    throw new PreflightUsageError(
      '--databases needs at least one database name, e.g. --databases app,reporting',
    );
  }
  if (databases && values['schema-file']) {
    throw new PreflightUsageError(
      '--databases and --schema-file exclude each other: a schema file is checked on its own.',
    );
  }
  return {
    help: false,
    json: values.json ?? false,
    options: {
      url: values.url,
      databases,
      schemaFile: values['schema-file'] === undefined ? undefined : userPath(values['schema-file'], env),
    },
  };
}
