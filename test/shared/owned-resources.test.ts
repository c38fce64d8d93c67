/**
 * shared/owned-resources.ts: what a process registers (children, temporary folders) does not outlive
 * it, however it exits — also when a child is still writing into a folder being removed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../paths';
import { isRunning, startInOwnerProcess, until } from '../harness/owner-process';

const MODULE = join(PROJECT_ROOT, 'shared', 'owned-resources.ts');

/**
 * In the owner: a shell that keeps creating files in `folder` (as terraform does in a plan's work
 * copy) with a child process of its own (mkdir), in its own process group, registered with the
 * folder; Ctrl-C exits the way the CLIs do (process.exit). Answers the writer's pid.
 */
const startWriter = (folder: string) => `(() => {
  const writer = require('node:child_process').spawn('sh', ['-c',
    'while :; do mkdir -p "$0/sub"; for i in 1 2 3 4 5 6 7 8; do : > "$0/sub/f$i"; : > "$0/g$i"; done; done', ${JSON.stringify(folder)}],
    { stdio: 'ignore', detached: true });
  loaded.ownChild(writer, { group: true });
  loaded.ownFolder(${JSON.stringify(folder)});
  process.once('SIGINT', () => process.exit(130));
  return writer.pid;
})()`;

describe('owned resources', () => {
  it('kills a registered process group and then removes the folder it was writing into when the process exits', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'zero-etl-owned-spec-'));
    const folders = [join(parent, 'first'), join(parent, 'second')];
    try {
      // Two writers, two folders: removing one folder must not be skipped because of the other.
      const { owner, started: writers } = await startInOwnerProcess<number[]>(
        MODULE,
        `[${folders.map(startWriter).join(', ')}]`,
      );
      await until(() => folders.every((folder) => existsSync(join(folder, 'sub', 'f8'))));
      const exited = new Promise<number | null>((resolve) => owner.once('exit', resolve));
      owner.kill('SIGINT');

      expect(await exited).toBe(130);
      // Dead: gone, or a zombie (whoever adopted it may not reap it).
      await until(() => !writers.some(isRunning), 5_000);
      expect(writers.filter(isRunning)).toEqual([]);
      expect(folders.filter((folder) => existsSync(folder))).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops an unreferenced child that ignores SIGTERM, and its owner waits for the stop to finish', async () => {
    // The owner holds nothing else: were the child left unreferenced while it stops, Node would end
    // there with exit code 0 and the stop never finished (a Ctrl-C'd deploy once exited 0 this way).
    const owner = `import(${JSON.stringify(MODULE)}).then(async (imported) => {
      const { stopChild } = imported.default ?? imported;
      // exec: sleep itself ignores SIGTERM (the ignored disposition survives exec), so only SIGKILL ends it.
      const child = require('node:child_process').spawn('sh', ['-c', 'trap "" TERM; echo ready; exec sleep 30'],
        { stdio: ['ignore', 'pipe', 'ignore'] });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      child.stdout.destroy();
      child.unref();
      await stopChild(child, { graceMs: 500 });
      console.log(JSON.stringify({ signal: child.signalCode }));
      process.exitCode = 3;
    })`;
    const outcome = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', owner]).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

    expect(outcome).toEqual({ code: 3, stdout: '{"signal":"SIGKILL"}\n' });
  }, 30_000);
});
