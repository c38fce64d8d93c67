/**
 * `npm run local-cloud -- serve`: the local cloud in the foreground (docs/local-cloud.md). Thin
 * edge: parse arguments, set up `.venv/` when missing, start the server, print its endpoint, stop
 * it on Ctrl-C/SIGTERM, map errors to exit codes (2 bad arguments, 1 failure, 0 stopped cleanly).
 * `deploy` applies a stack into a private local cloud with its data plane (deploy.ts).
 */
import { PythonToolsError, ensurePythonTools } from '../../shared/python-tools';
import { PROJECT_CONFIG } from '../../stacks/config';
import { LOCAL_CLOUD_USAGE, parseLocalCloudArgs, type ServeOptions } from './args';
import { deployToLocalCloud } from './deploy';
import { LocalCloudError, LocalCloudUsageError } from './errors';
import { startLocalCloud, type LocalCloud } from './server/launcher';

const print = (text: string) => process.stdout.write(`${text}\n`);
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Resolves with the first stop signal; a second one exits at once (the server ends with this process). */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (received) process.exit(130);
        received = true;
        resolve(signal);
      });
    }
  });
}

async function serve(options: ServeOptions, stopped: Promise<string>): Promise<number> {
  await ensurePythonTools((line) => process.stderr.write(`${line}\n`));
  const starting = startLocalCloud({
    accountId: options.accountId,
    port: options.port,
    enforceIam: options.enforceIam,
    dataPlane: options.dataPlane,
    dataPlaneLog: (line) => process.stderr.write(`${line}\n`),
  });
  const first = await Promise.race([starting, stopped]);
  if (typeof first === 'string') {
    // Stopped while starting: wait for the server, then end it, so nothing is left running.
    await (await starting.catch(() => undefined))?.stop();
    return 0;
  }
  const cloud: LocalCloud = first;
  const iam = options.enforceIam ? 'IAM enforced' : 'IAM not enforced: any access key works';
  print(`local cloud: ${cloud.url} (account ${cloud.accountId}, ${iam}; Ctrl-C stops)`);
  if (cloud.bridge) {
    print(`data plane: bridge ${cloud.bridge.url}; cluster endpoints trust the CA in ${cloud.caFile}`);
  }
  if (cloud.admin) {
    print(`AWS_ACCESS_KEY_ID=${cloud.admin.accessKeyId}`);
    print(`AWS_SECRET_ACCESS_KEY=${cloud.admin.secretAccessKey}`);
  }
  const ended = new Promise<number | null>((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(cloud.pid, 0);
      } catch {
        clearInterval(timer);
        resolve(null);
      }
    }, 500);
    void stopped.then(() => clearInterval(timer));
  });
  const outcome = await Promise.race([stopped, ended]);
  if (outcome === null) {
    const tail = cloud.logTail();
    await cloud.stop();
    throw new LocalCloudError(`the local cloud ended unexpectedly:\n${tail}`);
  }
  await cloud.stop();
  process.stderr.write('local cloud stopped\n');
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const stopped = stopSignal();
  const command = parseLocalCloudArgs(argv, process.env, PROJECT_CONFIG.bootstrap.accountId);
  if (command.command === 'help') {
    print(LOCAL_CLOUD_USAGE);
    return 0;
  }
  if (command.command === 'deploy') {
    await ensurePythonTools((line) => process.stderr.write(`${line}\n`));
    return deployToLocalCloud({ ...command, stopped, print });
  }
  return serve(command, stopped);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof LocalCloudUsageError) {
        process.stderr.write(`local-cloud: ${error.message}\n`);
        process.exit(2);
      }
      if (error instanceof LocalCloudError || error instanceof PythonToolsError) {
        process.stderr.write(`local-cloud: ${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
