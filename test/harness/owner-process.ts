/**
 * A separate Node process that starts something of ours and then is killed outright (SIGKILL): how
 * the specs show that a server we start ends with the process that started it, with no chance to
 * stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (a zombie can no longer do anything; whoever adopted it may not reap it), from /proc. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `condition` holds, or after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (let waited = 0; !condition() && waited < timeoutMs; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `node --import tsx`, imports `modulePath` and evaluates `start` (an async expression over the
 * module's exports, `loaded`), which must resolve with a JSON value; resolves with that value and the
 * process, which then idles until killed.
 */
export async function startInOwnerProcess<T>(
  modulePath: string,
  start: string,
): Promise<{ owner: ChildProcess; started: T }> {
  const owner = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      // tsx hands a CommonJS module to import() as its default export.
      `import(${JSON.stringify(modulePath)}).then(async (imported) => { const loaded = imported.default ?? imported;` +
        `console.log(JSON.stringify(await (${start}))); setInterval(() => undefined, 1000); })`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const started = await new Promise<T>((resolve) =>
    owner.stdout!.once('data', (chunk) => resolve(JSON.parse(String(chunk)) as T)),
  );
  return { owner, started };
}
