/**
 * Starts what the whole jest run shares and hands it to the workers through the environment: its own
 * temporary folder (TMPDIR, removed by global teardown with whatever the specs left in it), one
 * throwaway MySQL-compatible server (unless MYSQL_URL is set) and a folder in which offline plans are
 * cached by content (test/harness/stack-plans.ts), so the plan specifications, split by concern,
 * plan each stack once per run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MysqlServerError, startMysqlServer } from '../../local/dataplane/mysql-server';
import { HARNESS_STATE_FILE, OUTER_TMPDIR_VARIABLE, PLAN_CACHE_VARIABLE, type HarnessState } from './state';

/** Whether a run of `tier` (unset: every tier, npm test) needs the shared MariaDB: only e2e specs use it. */
function needsMysql(tier: string | undefined): boolean {
  return !tier || tier === 'e2e';
}

export default async function globalSetup(): Promise<void> {
  // One folder per run as the workers' TMPDIR: what specs and the libraries they drive leave in
  // os.tmpdir() (cdktf's Testing outdirs among them) is removed with it by global teardown.
  process.env[OUTER_TMPDIR_VARIABLE] = tmpdir();
  const runTmpDir = mkdtempSync(join(tmpdir(), 'zero-etl-jest-'));
  process.env.TMPDIR = runTmpDir;
  const state: HarnessState = { runTmpDir, planCacheDir: mkdtempSync(join(runTmpDir, 'plan-cache-')) };
  process.env[PLAN_CACHE_VARIABLE] = state.planCacheDir;
  // The AWS SDK's notice that its 2027 releases need Node 22 (the tests pin theirs): said once in the
  // README, not 20 lines per worker in every run's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  try {
    if (needsMysql(process.env.TEST_TIER) && !process.env.MYSQL_URL) {
      const server = await startMysqlServer();
      process.env.MYSQL_URL = server.url;
      state.mysql = { pid: server.pid, baseDir: server.baseDir };
    }
  } catch (error) {
    if (error instanceof MysqlServerError) {
      // Jest prints thrown errors with a long stack; the message is what the user needs.
      console.error(`\n${error.message}\n`);
    }
    throw error;
  } finally {
    writeFileSync(HARNESS_STATE_FILE, JSON.stringify(state));
  }
}
