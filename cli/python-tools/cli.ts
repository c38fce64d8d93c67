/**
 * `npm run setup:python`: creates `.venv/` from the hash-pinned requirements-dev.txt (checkov,
 * zizmor, sqlfluff, moto, awscli) unless it is already current. `npm test` runs it first.
 */
import { PythonToolsError, ensurePythonTools } from '../../shared/python-tools';

const USAGE = `Usage: npm run setup:python

Creates .venv/ from the hash-pinned requirements-dev.txt (checkov, zizmor, sqlfluff, moto, awscli)
with python3 -m venv and pip --require-hashes, unless it is already current. npm test runs it first.
Exit status: 0 ready, 1 it could not be built (the message says why), 2 usage error.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`setup:python: unknown argument ${args[0]}; it takes none (npm run setup:python -- --help)`);
  process.exit(2);
}

ensurePythonTools().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof PythonToolsError ? `python-tools: ${error.message}` : error);
    process.exit(1);
  },
);
