/**
 * `npm run setup:python`: creates `.venv/` from the hash-pinned requirements-dev.txt (checkov,
 * zizmor, sqlfluff, moto, awscli) unless it is already current. `npm test` runs it first.
 */
import { PythonToolsError, ensurePythonTools } from '../../shared/python-tools';

ensurePythonTools().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof PythonToolsError ? `python-tools: ${error.message}` : error);
    process.exit(1);
  },
);
