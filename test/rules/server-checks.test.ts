import { compareVersions, evaluateServer, type Check, type ServerFacts } from '../../rules';

const auroraReady: ServerFacts = {
  version: '8.0.32',
  auroraVersion: '3.05.2',
  variables: {
    log_bin: 'ON',
    binlog_format: 'ROW',
    binlog_row_image: 'FULL',
    binlog_row_metadata: 'FULL',
    aurora_enhanced_binlog: '1',
    binlog_backup: '0',
    binlog_replication_globaldb: '0',
    binlog_transaction_compression: 'OFF',
    binlog_row_value_options: '',
  },
};

const withVariables = (overrides: Record<string, string | undefined>): ServerFacts => {
  const variables: Record<string, string> = { ...auroraReady.variables };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete variables[name];
    else variables[name] = value;
  }
  return { ...auroraReady, variables };
};

const bySubject = (checks: Check[], subject: string) => checks.find((check) => check.subject === subject);

describe('evaluateServer', () => {
  it('passes an Aurora MySQL 3.05.2 cluster with the zero-ETL parameter group, warning only about backtrack', () => {
    const checks = evaluateServer(auroraReady);

    expect(checks.filter((check) => check.status === 'fail')).toEqual([]);
    expect(checks.filter((check) => check.status === 'warn').map((check) => check.rule)).toEqual(['A9']);
    expect(bySubject(checks, 'aurora_version')).toMatchObject({ rule: 'A1', status: 'pass' });
    expect(checks.map((check) => check.subject)).toEqual(
      expect.arrayContaining(['aurora_enhanced_binlog', 'binlog_backup', 'binlog_replication_globaldb']),
    );
  });

  it('fails Aurora versions older than 3.05.2 (A1)', () => {
    const checks = evaluateServer({ ...auroraReady, auroraVersion: '3.04.0' });

    expect(bySubject(checks, 'aurora_version')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('older than 3.05.2'),
    });
  });

  it.each([
    ['aurora_enhanced_binlog', '0'],
    ['binlog_backup', '1'],
    ['binlog_replication_globaldb', '1'],
    ['aurora_enhanced_binlog', undefined],
  ])('fails the Aurora parameter %s=%s with the parameter-group fix (A3)', (name, value) => {
    const check = bySubject(evaluateServer(withVariables({ [name]: value })), name);

    expect(check).toMatchObject({
      rule: 'A3',
      status: 'fail',
      fix: expect.stringContaining('parameter group'),
    });
  });

  it.each([
    ['binlog_format', 'STATEMENT'],
    ['binlog_format', 'MIXED'],
    ['binlog_row_image', 'MINIMAL'],
    ['binlog_row_metadata', 'MINIMAL'],
  ])('fails %s=%s (A3)', (name, value) => {
    const check = bySubject(evaluateServer(withVariables({ [name]: value })), name);

    expect(check).toMatchObject({ rule: 'A3', status: 'fail', message: expect.stringContaining(value) });
  });

  it('fails when binary logging is off', () => {
    const check = bySubject(evaluateServer(withVariables({ log_bin: 'OFF' })), 'log_bin');

    expect(check).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('binary logging is OFF'),
    });
  });

  it('fails binlog transaction compression and partial JSON row values (A4)', () => {
    const checks = evaluateServer(
      withVariables({ binlog_transaction_compression: 'ON', binlog_row_value_options: 'PARTIAL_JSON' }),
    );

    expect(bySubject(checks, 'binlog_transaction_compression')).toMatchObject({ rule: 'A4', status: 'fail' });
    expect(bySubject(checks, 'binlog_row_value_options')).toMatchObject({ rule: 'A4', status: 'fail' });
  });

  it('skips the Aurora-only checks on other servers and says so', () => {
    const facts: ServerFacts = { version: '10.11.19-MariaDB', variables: withVariables({}).variables };
    const checks = evaluateServer(facts);

    expect(checks[0]).toMatchObject({
      rule: 'A1',
      status: 'info',
      message: expect.stringContaining('not Aurora'),
    });
    expect(checks.map((check) => check.rule)).not.toContain('A9');
    expect(bySubject(checks, 'aurora_enhanced_binlog')).toBeUndefined();
  });
});

describe('compareVersions', () => {
  it('orders dotted versions numerically', () => {
    expect(compareVersions('3.10.0', '3.05.2')).toBeGreaterThan(0);
    expect(compareVersions('3.05.2', '3.05.2')).toBe(0);
    expect(compareVersions('2.11.5', '3.05.2')).toBeLessThan(0);
  });
});
