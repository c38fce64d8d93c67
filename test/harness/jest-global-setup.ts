/**
 * Starts what the whole jest run shares and hands it to the workers through the environment: one
 * throwaway MySQL-compatible server (unless MYSQL_URL is set) and a folder in which offline plans are
 * cached by content (test/harness/stack-plans.ts), so the plan specifications, split by concern,
 * plan each stack once per run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MysqlServerError, startMysqlServer } from '../../local/dataplane/mysql-server';
import { HARNESS_STATE_FILE, PLAN_CACHE_VARIABLE, type HarnessState } from './state';

export default async function globalSetup(): Promise<void> {
  const state: HarnessState = { planCacheDir: mkdtempSync(join(tmpdir(), 'zero-etl-plan-cache-')) };
  process.env[PLAN_CACHE_VARIABLE] = state.planCacheDir;
  // The AWS SDK's notice that its 2027 releases need Node 22 (the tests pin theirs): said once in the
  // README, not 20 lines per worker in every run's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  try {
    if (!process.env.MYSQL_URL) {
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
