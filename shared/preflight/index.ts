/**
 * The preflight engine: read a server's facts, evaluate the zero-ETL rules (rules/), report. Used by
 * the preflight CLI (cli/preflight) and the local pipeline (local/), which import only this file.
 */
export { PreflightConnectionError, PreflightError, PreflightUsageError, SchemaFileError } from './errors';
export { EXIT_CODES, exitCodeFor } from './report';
export { renderHuman, renderJson } from './render';
export { runPreflight, type PreflightOptions } from './run';
export type { PreflightReport } from './types';
