import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The system's temporary folder as it was before global setup pointed TMPDIR at the run's own folder
 * (global setup records it in this variable first, so setup and teardown agree on the paths below).
 */
export const OUTER_TMPDIR_VARIABLE = 'ZERO_ETL_JEST_OUTER_TMPDIR';

/** Where global setup records what it started, keyed by the jest main process so parallel runs never collide. */
export const HARNESS_STATE_FILE = join(
  process.env[OUTER_TMPDIR_VARIABLE] ?? tmpdir(),
  `zero-etl-jest-mysql-${process.pid}.json`,
);

/** The variable naming the run's offline-plan cache folder (set by global setup, read by the workers). */
export const PLAN_CACHE_VARIABLE = 'ZERO_ETL_PLAN_CACHE_DIR';

export interface HarnessState {
  /** The run's temporary folder (the workers' TMPDIR): whatever a spec leaves there goes with it. */
  readonly runTmpDir: string;
  readonly planCacheDir: string;
  /** The throwaway server, when global setup started one. */
  mysql?: { readonly pid: number; readonly baseDir: string };
}
