import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopServer } from '../../local/dataplane/mysql-server';
import { HARNESS_STATE_FILE } from './state';

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(HARNESS_STATE_FILE)) return;
  const { pid, baseDir } = JSON.parse(readFileSync(HARNESS_STATE_FILE, 'utf8')) as {
    pid: number;
    baseDir: string;
  };
  rmSync(HARNESS_STATE_FILE, { force: true });
  await stopServer(pid, baseDir);
}
