/** The preflight's public API (used by `scripts/preflight.ts` and the local pipeline). */
export { parsePreflightArgs, USAGE } from '../../cli/preflight/args';
export { PreflightConnectionError, PreflightError, PreflightUsageError, SchemaFileError } from './errors';
export { buildReport, EXIT_CODES, exitCodeFor, redactUrl } from './report';
export { renderHuman, renderJson } from './render';
export { runPreflight, type PreflightOptions } from './run';
export { evaluateSchema } from '../../rules/table-checks';
export { evaluateServer, MIN_AURORA_VERSION } from '../../rules/server-checks';
export { redshiftTypeFor, type RedshiftMapping } from '../../rules/type-mapping';
export type * from './types';
