import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where global setup records the server it started, keyed by the jest main process so parallel runs never collide. */
export const HARNESS_STATE_FILE = join(tmpdir(), `zero-etl-jest-mysql-${process.pid}.json`);
