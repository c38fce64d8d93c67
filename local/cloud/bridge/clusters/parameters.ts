/**
 * From an Aurora DB cluster parameter group to MariaDB start options: a parameter whose name MariaDB
 * also has (as a server option, `mariadbd --verbose --help`) runs with the group's value; the others
 * (Aurora-only settings such as `aurora_enhanced_binlog`, MySQL-only ones such as
 * `binlog_transaction_compression`, formulas such as `{DBInstanceClassMemory*3/4}`) are recorded and
 * reported. The binary log follows Aurora: it is on only while `binlog_format` is set and not `OFF`
 * ("Configuring Aurora MySQL binary logging", Aurora User Guide).
 */
import { execFileSync } from 'node:child_process';
import type { ClusterParameterReport } from '../contract';

/** Options the local cloud sets itself (files, network, identity): a parameter may not move them. */
const MANAGED_BY_THE_LOCAL_CLOUD = new Set([
  'basedir',
  'bind-address',
  'datadir',
  'log-bin',
  'pid-file',
  'port',
  'server-id',
  'skip-networking',
  'socket',
  'tmpdir',
  'user',
]);

/**
 * Enforced by the cluster endpoint rather than by MariaDB: the data plane's own connections (launcher,
 * replicator) reach MariaDB over loopback TCP, which `require_secure_transport` would refuse.
 */
export const ENDPOINT_PARAMETERS = new Set(['require_secure_transport']);

/** `ON`/`1`/`TRUE` (any case), as MySQL reads a boolean parameter. */
export const isOn = (value: string | undefined) => /^(on|1|true)$/i.test(value ?? '');

export interface ServerArgs extends ClusterParameterReport {
  /** Start options for the launcher's `parameterArgs`. */
  readonly args: readonly string[];
  /** Parameters MariaDB has, name → value (what SET GLOBAL may change without a restart). */
  readonly serverValues: Readonly<Record<string, string>>;
}

let cachedOptions: { binary: string; names: ReadonlySet<string> } | undefined;

/** The option names a server binary accepts (dashes), read once per binary. */
export function serverOptionNames(binary: string): ReadonlySet<string> {
  if (cachedOptions?.binary === binary) return cachedOptions.names;
  const help = execFileSync(binary, ['--no-defaults', '--verbose', '--help'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
  });
  const table = help.slice(help.indexOf('\n---', help.indexOf('Variables (--variable-name=value)')));
  const names = new Set(
    table
      .split('\n')
      .map((line) => /^([a-z0-9][a-z0-9_-]*)\s/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name)),
  );
  cachedOptions = { binary, names };
  return names;
}

const optionName = (parameter: string) => parameter.toLowerCase().replace(/_/g, '-');

/** Start options and the applied/recorded report for a parameter group's values (pure). */
export function serverArgsForParameters(
  parameters: Readonly<Record<string, string>>,
  optionNames: ReadonlySet<string>,
): ServerArgs {
  const args: string[] = [];
  const applied: string[] = [];
  const recorded: { name: string; value: string; reason: string }[] = [];
  const serverValues: Record<string, string> = {};
  const binlogFormat = parameters.binlog_format;
  const binlogOn = binlogFormat !== undefined && binlogFormat.toUpperCase() !== 'OFF';
  args.push(...(binlogOn ? ['--log-bin=binlog', '--server-id=1'] : ['--skip-log-bin']));
  for (const name of Object.keys(parameters).sort()) {
    const value = parameters[name];
    const option = optionName(name);
    if (name === 'binlog_format' && !binlogOn) {
      applied.push(name);
      continue;
    }
    if (ENDPOINT_PARAMETERS.has(name)) {
      applied.push(name);
    } else if (MANAGED_BY_THE_LOCAL_CLOUD.has(option)) {
      recorded.push({ name, value, reason: 'set by the local cloud itself' });
    } else if (!optionNames.has(option)) {
      recorded.push({ name, value, reason: 'MariaDB has no such setting (Aurora or MySQL only)' });
    } else if (/[{}]/.test(value)) {
      recorded.push({
        name,
        value,
        reason: 'a formula of the instance class, which the local cloud does not have',
      });
    } else {
      args.push(`--${option}=${value}`);
      applied.push(name);
      serverValues[name] = value;
    }
  }
  return { args, applied, recorded, serverValues };
}
