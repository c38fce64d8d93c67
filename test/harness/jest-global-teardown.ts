import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopServer } from '../../local/dataplane/mysql-server';
import { HARNESS_STATE_FILE, type HarnessState } from './state';

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(HARNESS_STATE_FILE)) return;
  const state = JSON.parse(readFileSync(HARNESS_STATE_FILE, 'utf8')) as HarnessState;
  rmSync(HARNESS_STATE_FILE, { force: true });
  rmSync(state.planCacheDir, { recursive: true, force: true });
  if (state.mysql) await stopServer(state.mysql.pid, state.mysql.baseDir);
  rmSync(state.runTmpDir, { recursive: true, force: true });
}
