/**
 * Where the repository's files are: the one home of every path that more than one folder needs.
 * It imports nothing but node:path, so every folder may use it except rules/ (pure) and lambda/
 * (which bundles only itself and sql/schema.sql).
 */
import { join } from 'node:path';

/** The repository root: this file lives directly in it. */
export const PROJECT_ROOT = __dirname;
/** The deploy steps Terraform runs (copied into each stack's output as an asset). */
export const SCRIPTS_DIR = join(PROJECT_ROOT, 'scripts');
/** The Aurora schema: applied by the `migrate` action, hashed to re-run the schema step. */
export const SCHEMA_FILE = join(PROJECT_ROOT, 'sql', 'schema.sql');
/** The Redshift analytics queries. */
export const ANALYTICS_DIR = join(PROJECT_ROOT, 'sql', 'analytics');
/** Build outputs kept between runs (the Lambda zip), never committed. */
export const GEN_DIR = join(PROJECT_ROOT, '.gen');
/** Caches inside the project, so bundled code resolves its externals from node_modules. */
export const CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache');
/** `npm run bundle`'s output. */
export const DIST_DIR = join(PROJECT_ROOT, 'dist');
/** The Python tools (`npm run setup:python`). */
export const VENV_DIR = join(PROJECT_ROOT, '.venv');
export const REQUIREMENTS_FILE = join(PROJECT_ROOT, 'requirements-dev.txt');
/** The local cloud's Python package (moto and our extensions); `python -m local_cloud` runs it. */
export const LOCAL_CLOUD_SERVER_DIR = join(PROJECT_ROOT, 'local', 'cloud', 'server');
/** The zero-ETL rules the local cloud checks, exported from rules/ (`npm run rules:export`). */
export const LOCAL_CLOUD_RULES_FILE = join(LOCAL_CLOUD_SERVER_DIR, 'local_cloud', 'zero_etl_rules.json');
