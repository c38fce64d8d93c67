/**
 * Starts one throwaway MySQL-compatible server for the whole jest run (unless MYSQL_URL is set)
 * and hands its URL to the workers through the environment.
 */
import { writeFileSync } from 'node:fs';
import { MysqlServerError, startMysqlServer } from '../../local/dataplane/mysql-server';
import { HARNESS_STATE_FILE } from './state';

export default async function globalSetup(): Promise<void> {
  if (process.env.MYSQL_URL) return;
  try {
    const server = await startMysqlServer();
    process.env.MYSQL_URL = server.url;
    writeFileSync(HARNESS_STATE_FILE, JSON.stringify({ pid: server.pid, baseDir: server.baseDir }));
  } catch (error) {
    if (error instanceof MysqlServerError) {
      // Jest prints thrown errors with a long stack; the message is what the user needs.
      console.error(`\n${error.message}\n`);
    }
    throw error;
  }
}
