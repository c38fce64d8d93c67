import { join, resolve } from 'node:path';

/** The repository root (stacks/ lives directly below it). */
export const PROJECT_ROOT = resolve(__dirname, '..');
/** Deploy-step scripts, copied into each stack's output as an asset. */
export const SCRIPTS_DIR = join(PROJECT_ROOT, 'scripts');
/** The Aurora schema the `migrate` action applies (its hash re-triggers the schema step). */
export const SCHEMA_FILE = join(PROJECT_ROOT, 'sql', 'schema.sql');
