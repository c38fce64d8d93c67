/**
 * The Aurora MySQL side of zero-ETL: the engine-version gate (A1) and the DB cluster parameter
 * group (A3, A4, A5, plus the project's TLS policy P1). The Aurora construct, configuration
 * validation, the preflight and the local MySQL launcher all read these; none restates them.
 */

/** A1: the oldest Aurora MySQL 3 release zero-ETL to Redshift supports. */
export const MIN_AURORA_VERSION = '3.05.2';
/** The DB cluster parameter group family of Aurora MySQL 3 (A3). */
export const AURORA_PARAMETER_GROUP_FAMILY = 'aurora-mysql8.0';
export const AURORA_ENGINE = 'aurora-mysql';

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

/** `8.0.mysql_aurora.3.08.2` → `3.08.2`; undefined for anything else. */
export function auroraReleaseOf(engineVersion: string): string | undefined {
  return /^8\.0\.mysql_aurora\.(\d+\.\d+\.\d+)$/.exec(engineVersion)?.[1];
}

/** A1 over an Aurora release such as `3.05.2` (what `@@aurora_version` reports). */
export function supportsZeroEtl(auroraRelease: string): boolean {
  return compareVersions(auroraRelease, MIN_AURORA_VERSION) >= 0;
}

/** How a server's live value of a parameter is checked by the preflight. */
export type ParameterCheck =
  /** Must equal `value` on every MySQL-compatible server (MariaDB has these too). */
  | 'every-server'
  /** Must equal `value` on Aurora; other servers do not have the variable. */
  | 'aurora'
  /** Fails only when the server has it ON (servers without the feature pass). */
  | 'must-not-be-on'
  /** A project policy, not checked by the preflight. */
  | 'not-checked';

export interface ClusterParameterRule {
  readonly name: string;
  readonly value: string;
  /** A5: static parameters take effect only after a reboot; RDS refuses `immediate` for them. */
  readonly applyMethod: 'immediate' | 'pending-reboot';
  /** The rule that requires it. */
  readonly rule: 'A3' | 'A4' | 'P1';
  readonly check: ParameterCheck;
  /**
   * The equivalent mysqld/mariadbd start option, for servers that are not Aurora (the local
   * launcher starts MariaDB with these). @default - the server has no such option
   */
  readonly serverOption?: string;
  /** Why a forbidden setting breaks zero-ETL (for `must-not-be-on`). @default - none */
  readonly why?: string;
}

/**
 * A3/A4 (and P1): the cluster parameters the zero-ETL source runs with. The apply methods follow
 * the provider's own acceptance test: pending-reboot for the static binlog settings, immediate for
 * the dynamic ones.
 */
export const ZERO_ETL_CLUSTER_PARAMETERS: readonly ClusterParameterRule[] = [
  { name: 'aurora_enhanced_binlog', value: '1', applyMethod: 'pending-reboot', rule: 'A3', check: 'aurora' },
  { name: 'binlog_backup', value: '0', applyMethod: 'pending-reboot', rule: 'A3', check: 'aurora' },
  {
    name: 'binlog_format',
    value: 'ROW',
    applyMethod: 'pending-reboot',
    rule: 'A3',
    check: 'every-server',
    serverOption: '--binlog-format=ROW',
  },
  {
    name: 'binlog_replication_globaldb',
    value: '0',
    applyMethod: 'pending-reboot',
    rule: 'A3',
    check: 'aurora',
  },
  {
    name: 'binlog_row_image',
    value: 'full',
    applyMethod: 'immediate',
    rule: 'A3',
    check: 'every-server',
    serverOption: '--binlog-row-image=FULL',
  },
  {
    name: 'binlog_row_metadata',
    value: 'full',
    applyMethod: 'immediate',
    rule: 'A3',
    check: 'every-server',
    serverOption: '--binlog-row-metadata=FULL',
  },
  {
    name: 'binlog_transaction_compression',
    value: 'OFF',
    applyMethod: 'pending-reboot',
    rule: 'A4',
    check: 'must-not-be-on',
    why: 'zero-ETL cannot read compressed binlog transactions',
  },
  {
    name: 'require_secure_transport',
    value: 'ON',
    applyMethod: 'immediate',
    rule: 'P1',
    check: 'not-checked',
  },
];

/** A4: values a parameter must never hold (they break zero-ETL replication). */
export const FORBIDDEN_PARAMETER_VALUES: readonly {
  readonly name: string;
  readonly pattern: RegExp;
  readonly why: string;
}[] = [
  {
    name: 'binlog_row_value_options',
    pattern: /PARTIAL_JSON/i,
    why: 'partial JSON updates are not replicated',
  },
];

/** The server variables the preflight reads: the checked parameters, the forbidden ones and log_bin. */
export const SERVER_VARIABLES: readonly string[] = [
  'log_bin',
  ...ZERO_ETL_CLUSTER_PARAMETERS.filter((p) => p.check !== 'not-checked').map((p) => p.name),
  ...FORBIDDEN_PARAMETER_VALUES.map((p) => p.name),
];

/**
 * Why a user-supplied extra cluster parameter contradicts A3/A4/P1, or undefined when it is fine.
 * Values compare case-insensitively, as MySQL does for these enumerations.
 */
export function parameterConflict(name: string, value: string): string | undefined {
  const required = ZERO_ETL_CLUSTER_PARAMETERS.find((p) => p.name === name);
  if (required && required.value.toLowerCase() !== value.toLowerCase()) {
    return `${required.rule}: zero-ETL requires ${name}=${required.value}, got ${value}`;
  }
  const forbidden = FORBIDDEN_PARAMETER_VALUES.find((p) => p.name === name && p.pattern.test(value));
  return forbidden ? `A4: ${name} must not be ${value} (${forbidden.why})` : undefined;
}
