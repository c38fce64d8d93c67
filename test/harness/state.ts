import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where global setup records what it started, keyed by the jest main process so parallel runs never collide. */
export const HARNESS_STATE_FILE = join(tmpdir(), `zero-etl-jest-mysql-${process.pid}.json`);

/** The variable naming the run's offline-plan cache folder (set by global setup, read by the workers). */
export const PLAN_CACHE_VARIABLE = 'ZERO_ETL_PLAN_CACHE_DIR';

export interface HarnessState {
  readonly planCacheDir: string;
  /** The throwaway server, when global setup started one. */
  mysql?: { readonly pid: number; readonly baseDir: string };
}
