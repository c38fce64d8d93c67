/**
 * Server-level zero-ETL requirements (A1, A3, A4, A9) as pure functions over the facts read from a
 * server. The parameters and their values come from rules/aurora.ts.
 */
import {
  AURORA_PARAMETER_GROUP_FAMILY,
  FORBIDDEN_PARAMETER_VALUES,
  MIN_AURORA_VERSION,
  ZERO_ETL_CLUSTER_PARAMETERS,
  supportsZeroEtl,
  type ClusterParameterRule,
} from './aurora';
import type { Check, ServerFacts } from './types';

const PARAMETER_GROUP_FIX =
  `in the Aurora DB cluster parameter group (family ${AURORA_PARAMETER_GROUP_FAMILY}, apply_method pending-reboot), then ` +
  'reboot the instances (scripts/reboot-instances-if-pending)';

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
  return supportsZeroEtl(facts.auroraVersion)
    ? { rule: 'A1', subject: 'aurora_version', status: 'pass', message: facts.auroraVersion }
    : {
        rule: 'A1',
        subject: 'aurora_version',
        status: 'fail',
        message: `Aurora MySQL ${facts.auroraVersion} is older than ${MIN_AURORA_VERSION}, the first version zero-ETL supports`,
        fix: `upgrade the cluster to engine version 8.0.mysql_aurora.${MIN_AURORA_VERSION} or later`,
      };
}

function logBinCheck(facts: ServerFacts): Check {
  const aurora = facts.auroraVersion !== undefined;
  return isOn(facts.variables.log_bin)
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
}

/** The same value, as MySQL spells booleans and enumerations in either case. */
function sameValue(actual: string, expected: string): boolean {
  if (/^[01]$/.test(expected)) return isOn(actual) === (expected === '1');
  return actual.toUpperCase() === expected.toUpperCase();
}

function requiredValueCheck(facts: ServerFacts, parameter: ClusterParameterRule): Check {
  const { name, value: expected, rule } = parameter;
  const aurora = facts.auroraVersion !== undefined;
  const fix =
    aurora || !parameter.serverOption
      ? `set ${name}=${expected} ${PARAMETER_GROUP_FIX}`
      : `start the server with ${parameter.serverOption}`;
  const value = facts.variables[name];
  if (value === undefined) {
    return {
      rule,
      subject: name,
      status: 'fail',
      message: aurora
        ? `${name} is not available on this version (required: ${expected})`
        : `this server has no ${name} variable (required: ${expected})`,
      fix,
    };
  }
  return sameValue(value, expected)
    ? { rule, subject: name, status: 'pass', message: value }
    : { rule, subject: name, status: 'fail', message: `${value} (required: ${expected})`, fix };
}

function mustNotBeOnCheck(facts: ServerFacts, parameter: ClusterParameterRule): Check {
  const { name, value: expected, rule } = parameter;
  const value = facts.variables[name];
  const where = facts.auroraVersion === undefined ? 'in the server options' : PARAMETER_GROUP_FIX;
  return isOn(value)
    ? {
        rule,
        subject: name,
        status: 'fail',
        message: `${value}: ${parameter.why ?? 'zero-ETL does not support it'}`,
        fix: `set ${name}=${expected} ${where}`,
      }
    : { rule, subject: name, status: 'pass', message: value ?? 'not supported by this server (off)' };
}

function parameterChecks(facts: ServerFacts): Check[] {
  const aurora = facts.auroraVersion !== undefined;
  return ZERO_ETL_CLUSTER_PARAMETERS.flatMap((parameter): Check[] => {
    switch (parameter.check) {
      case 'every-server':
        return [requiredValueCheck(facts, parameter)];
      case 'aurora':
        return aurora ? [requiredValueCheck(facts, parameter)] : [];
      case 'must-not-be-on':
        return [mustNotBeOnCheck(facts, parameter)];
      case 'not-checked':
        return [];
    }
  });
}

function forbiddenValueChecks(facts: ServerFacts): Check[] {
  const where = facts.auroraVersion === undefined ? 'in the server options' : PARAMETER_GROUP_FIX;
  return FORBIDDEN_PARAMETER_VALUES.map(({ name, pattern, why }): Check => {
    const value = facts.variables[name];
    if (value !== undefined && pattern.test(value)) {
      return {
        rule: 'A4',
        subject: name,
        status: 'fail',
        message: `${value}: ${why}`,
        fix: `set ${name} to '' (empty) ${where}`,
      };
    }
    return {
      rule: 'A4',
      subject: name,
      status: 'pass',
      message: value === undefined ? 'not supported by this server (off)' : value || "'' (empty)",
    };
  });
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
    logBinCheck(facts),
    ...parameterChecks(facts),
    ...forbiddenValueChecks(facts),
    ...backtrackCheck(facts),
  ];
}
