/**
 * What this process started that must not outlive it: child processes (the throwaway MySQL server,
 * its installer, a terraform run) and temporary folders (its data directory, the Lambda bundle, a
 * plan's work copy). Whoever creates one
 * registers it the moment it exists and releases it after stopping it properly. `releaseAllNow()` is
 * synchronous, so it is safe where nothing can be awaited: in a process 'exit' handler (registered
 * here, so an exit at any moment — an error, process.exit, a second Ctrl-C — kills what is left and
 * removes the folders) and on a second stop signal.
 */
import { type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';

interface OwnedChild {
  readonly child: ChildProcess;
  /** Spawned `detached` (its own process group): the whole group is killed, grandchildren included. */
  readonly group: boolean;
}

const children = new Set<OwnedChild>();
const folders = new Set<string>();

/**
 * Registers a running child; the returned function forgets it (call it once the child has been
 * stopped). With `group`, the child was spawned `detached` and its process group is killed, so a
 * script's own children (mariadb-install-db starts a server of its own) die with it.
 */
export function ownChild(child: ChildProcess, options: { group?: boolean } = {}): () => void {
  const owned = { child, group: options.group ?? false };
  children.add(owned);
  return () => children.delete(owned);
}

/** Registers a temporary folder; the returned function forgets it (call it once the folder is removed). */
export function ownFolder(path: string): () => void {
  folders.add(path);
  return () => folders.delete(path);
}

/** Sends SIGKILL to a child (or its process group); false when it was already gone. */
export function killNow({ child, group }: OwnedChild): boolean {
  if (child.pid === undefined) return false;
  // A group outlives its leader (what the leader started may still run): it is killed whatever the
  // leader's state; ESRCH (below) says no member was left.
  if (!group && (child.exitCode !== null || child.signalCode !== null)) return false;
  try {
    process.kill(group ? -child.pid : child.pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a child: `signal` (SIGTERM unless said), SIGKILL after `graceMs`; resolves once it has exited.
 * The child is referenced again while it stops: a child that was unreferenced (so that it would not
 * keep its owner alive) would otherwise not keep it alive until its exit either, and if nothing else
 * did, Node would end there, with exit code 0 and the stop never finished.
 */
export function stopChild(
  child: ChildProcess,
  { signal = 'SIGTERM', graceMs = 5_000 }: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<void> {
  return new Promise((resolve) => {
    // Never started (no pid: its spawn failed), or already gone: nothing to wait for.
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.ref();
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const stopped = () => {
      clearTimeout(force);
      resolve();
    };
    child.once('exit', stopped);
    child.once('error', stopped);
    child.kill(signal);
  });
}

/** A process's state letter and process group, from /proc (undefined once it is gone, or not on Linux). */
function procStat(pid: number | string): { state: string; group: number } | undefined {
  try {
    // After the last ')': the command name before it may itself contain ') ' or spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, group: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/**
 * Dead or a zombie: it can no longer write into the folders about to be removed. For a group, every
 * member: a killed shell's own children (a `mkdir` under way) die with the group, not with the shell.
 */
function isDead({ child, group }: OwnedChild): boolean {
  const pid = child.pid!;
  const alive = (stat: ReturnType<typeof procStat>) => stat !== undefined && stat.state !== 'Z';
  if (!group) return !alive(procStat(pid));
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true; // not Linux: the wait below is skipped
  }
  return !entries.some((entry) => {
    const stat = procStat(entry);
    return stat?.group === pid && alive(stat);
  });
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Kills every registered child (SIGKILL: no time to wait for a clean stop), waits up to a second for
 * them to be dead (a dying server could still create files), then removes every registered folder.
 */
export function releaseAllNow(): void {
  const killed = [...children].filter(killNow);
  children.clear();
  const deadline = Date.now() + 1000;
  while (killed.some((owned) => !isDead(owned)) && Date.now() < deadline) sleepSync(10);
  for (const folder of folders) {
    // One folder that cannot be removed must not keep the others: each is tried, a busy one a few times.
    try {
      rmSync(folder, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    } catch {
      // left behind; nothing more can be done in an exit handler
    }
  }
  folders.clear();
}

process.on('exit', releaseAllNow);
