/**
 * Server-level zero-ETL requirements (A1, A3, A4, A9 of the zero-ETL reference) as pure
 * functions over the facts read from the server.
 */
import type { Check, ServerFacts } from '../shared/preflight/types';

/** Oldest Aurora MySQL version zero-ETL supports (A1). */
export const MIN_AURORA_VERSION = '3.05.2';

/** Global variables the rules read; the I/O module fetches exactly these. */
export const SERVER_VARIABLES = [
  'log_bin',
  'binlog_format',
  'binlog_row_image',
  'binlog_row_metadata',
  'aurora_enhanced_binlog',
  'binlog_backup',
  'binlog_replication_globaldb',
  'binlog_transaction_compression',
  'binlog_row_value_options',
] as const;

const PARAMETER_GROUP_FIX =
  'in the Aurora DB cluster parameter group (family aurora-mysql8.0, apply_method pending-reboot), then ' +
  'reboot the writer (scripts/reboot-writer-if-pending)';

/** Compares dotted version strings numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => v.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const isOn = (value: string | undefined) => value !== undefined && /^(1|on|true|yes)$/i.test(value);

function versionCheck(facts: ServerFacts): Check {
  if (facts.auroraVersion === undefined) {
    return {
      rule: 'A1',
      subject: 'version',
      status: 'info',
      message: `${facts.version} is not Aurora MySQL: the Aurora-only checks (A1 version, A3 Aurora parameters, A9 backtrack) do not apply`,
    };
  }
  const ok = compareVersions(facts.auroraVersion, MIN_AURORA_VERSION) >= 0;
  return ok
    ? { rule: 'A1', subject: 'aurora_version', status: 'pass', message: facts.auroraVersion }
    : {
        rule: 'A1',
        subject: 'aurora_version',
        status: 'fail',
        message: `Aurora MySQL ${facts.auroraVersion} is older than ${MIN_AURORA_VERSION}, the first version zero-ETL supports`,
        fix: `upgrade the cluster to engine version 8.0.mysql_aurora.${MIN_AURORA_VERSION} or later`,
      };
}

function expectValue(facts: ServerFacts, rule: string, name: string, expected: string, fix: string): Check {
  const value = facts.variables[name];
  if (value === undefined) {
    return {
      rule,
      subject: name,
      status: 'fail',
      message: `this server has no ${name} variable (required = ${expected})`,
      fix,
    };
  }
  return value.toUpperCase() === expected.toUpperCase()
    ? { rule, subject: name, status: 'pass', message: value }
    : { rule, subject: name, status: 'fail', message: `${value} (required: ${expected})`, fix };
}

function binlogChecks(facts: ServerFacts): Check[] {
  const aurora = facts.auroraVersion !== undefined;
  const set = (name: string, value: string) =>
    aurora
      ? `set ${name}=${value} ${PARAMETER_GROUP_FIX}`
      : `start the server with --${name.replace(/_/g, '-')}=${value}`;
  const logBin = facts.variables.log_bin;
  const binlogOn: Check = isOn(logBin)
    ? { rule: 'A3', subject: 'log_bin', status: 'pass', message: 'ON' }
    : {
        rule: 'A3',
        subject: 'log_bin',
        status: 'fail',
        message: 'binary logging is OFF: zero-ETL reads changes from the binlog',
        fix: aurora
          ? `set binlog_format=ROW ${PARAMETER_GROUP_FIX} (Aurora turns the binlog on with it)`
          : 'start the server with --log-bin (and --server-id=1)',
      };
  return [
    binlogOn,
    expectValue(facts, 'A3', 'binlog_format', 'ROW', set('binlog_format', 'ROW')),
    expectValue(facts, 'A3', 'binlog_row_image', 'FULL', set('binlog_row_image', 'full')),
    expectValue(facts, 'A3', 'binlog_row_metadata', 'FULL', set('binlog_row_metadata', 'full')),
  ];
}

function auroraParameterChecks(facts: ServerFacts): Check[] {
  if (facts.auroraVersion === undefined) return [];
  const fix = (name: string, value: string) => `set ${name}=${value} ${PARAMETER_GROUP_FIX}`;
  const expectFlag = (name: string, on: boolean): Check => {
    const value = facts.variables[name];
    if (value !== undefined && isOn(value) === on) {
      return { rule: 'A3', subject: name, status: 'pass', message: value };
    }
    return {
      rule: 'A3',
      subject: name,
      status: 'fail',
      message:
        value === undefined
          ? `${name} is not available on this version`
          : `${value} (required: ${on ? 1 : 0})`,
      fix: fix(name, on ? '1' : '0'),
    };
  };
  return [
    expectFlag('aurora_enhanced_binlog', true),
    expectFlag('binlog_backup', false),
    expectFlag('binlog_replication_globaldb', false),
  ];
}

function incompatibleOptionChecks(facts: ServerFacts): Check[] {
  const compression = facts.variables.binlog_transaction_compression;
  const valueOptions = facts.variables.binlog_row_value_options;
  const where = facts.auroraVersion === undefined ? 'in the server options' : PARAMETER_GROUP_FIX;
  return [
    isOn(compression)
      ? {
          rule: 'A4',
          subject: 'binlog_transaction_compression',
          status: 'fail',
          message: `${compression}: zero-ETL cannot read compressed binlog transactions`,
          fix: `set binlog_transaction_compression=OFF ${where}`,
        }
      : {
          rule: 'A4',
          subject: 'binlog_transaction_compression',
          status: 'pass',
          message: compression ?? 'not supported by this server (off)',
        },
    (valueOptions ?? '').toUpperCase().includes('PARTIAL_JSON')
      ? {
          rule: 'A4',
          subject: 'binlog_row_value_options',
          status: 'fail',
          message: `${valueOptions}: partial JSON updates are not replicated`,
          fix: `set binlog_row_value_options to '' (empty) ${where}`,
        }
      : {
          rule: 'A4',
          subject: 'binlog_row_value_options',
          status: 'pass',
          message:
            valueOptions === undefined ? 'not supported by this server (off)' : valueOptions || "'' (empty)",
        },
  ];
}

function backtrackCheck(facts: ServerFacts): Check[] {
  if (facts.auroraVersion === undefined) return [];
  // Backtrack is a cluster attribute that SQL cannot see: say how to confirm it instead of guessing.
  return [
    {
      rule: 'A9',
      subject: 'backtrack',
      status: 'warn',
      message: 'backtrack (incompatible with enhanced binlog) cannot be read over SQL',
      fix:
        "confirm it is off: aws rds describe-db-clusters --db-cluster-identifier <id> --query 'DBClusters[0].BacktrackWindow' " +
        'must print 0 or None; otherwise remove backtrack_window (it cannot be turned off in place: restore a copy without it)',
    },
  ];
}

/** Every server-level check, in the order they are printed. */
export function evaluateServer(facts: ServerFacts): Check[] {
  return [
    versionCheck(facts),
    ...binlogChecks(facts),
    ...auroraParameterChecks(facts),
    ...incompatibleOptionChecks(facts),
    ...backtrackCheck(facts),
  ];
}
