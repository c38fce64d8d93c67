import { createScriptedAws, type ScriptedAws, type ScriptedAwsAnswer } from '../harness/scripted-aws';
import {
  FAST,
  functionState,
  lambdaResponse,
  records,
  script,
  statement,
  statementSubmitted,
} from '../harness/scripted-aws-answers';

const VERIFY = script('verify-replication');
const SETTINGS = {
  FUNCTION_NAME: 'zero-etl-dev-ingest',
  WORKGROUP_NAME: 'zero-etl-dev',
  ADMIN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!admin-AbCd',
  TARGET_DATABASE: 'jsonplaceholder',
  SOURCE_DATABASE: 'app',
};
const auroraCounts = lambdaResponse(200, { counts: { users: 10, posts: 100, todos: 200 } });
const allSynced = records(['users', 'Synced', ''], ['posts', 'Synced', ''], ['todos', 'Synced', '']);

/** An active function with Aurora's counts, every statement finished; Redshift answers `results` in turn. */
const scriptedAwsAnswering = (results: readonly ScriptedAwsAnswer[]) =>
  createScriptedAws({
    'lambda get-function-configuration': [functionState('Active')],
    'lambda invoke': [auroraCounts],
    'redshift-data execute-statement': [statementSubmitted('any')],
    'redshift-data describe-statement': [statement('FINISHED')],
    'redshift-data get-statement-result': [...results],
  });

describe('scripts/verify-replication', () => {
  let aws: ScriptedAws;
  afterEach(() => aws.cleanup());

  it('passes when every table is Synced with the same row count as Aurora, printing the comparison', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [auroraCounts],
      'redshift-data execute-statement': [
        statementSubmitted('states'),
        statementSubmitted('counts'),
        statementSubmitted('lag'),
      ],
      'redshift-data describe-statement': [statement('FINISHED')],
      'redshift-data get-statement-result': [
        allSynced,
        records(['posts', 100], ['todos', 200], ['users', 10]),
        records([850]),
      ],
    });

    const result = await aws.run(VERIFY, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TABLE\s+AURORA\s+REDSHIFT\s+STATE\s+RESULT/);
    expect(result.stdout).toMatch(/users\s+10\s+10\s+Synced\s+OK/);
    expect(result.stdout).toContain('integration lag (SVV_INTEGRATION.current_lag): 850 ms');
    expect(aws.callsTo('lambda invoke')[0].options.payload).toBe('{"action":"counts"}');
    const [states, counts, lag] = aws.callsTo('redshift-data execute-statement');
    expect(states.options).toMatchObject({
      database: 'dev',
      sql: expect.stringContaining('svv_integration_table_state'),
    });
    expect(counts.options).toMatchObject({
      database: 'jsonplaceholder',
      sql: expect.stringContaining('FROM "app"."users"'),
    });
    expect(lag.options).toMatchObject({
      database: 'dev',
      sql: "SELECT current_lag FROM svv_integration WHERE target_database = 'jsonplaceholder'",
    });
  });

  it('fails on a row-count mismatch once TIMEOUT_SECONDS is up', async () => {
    aws = scriptedAwsAnswering([allSynced, records(['posts', 99], ['todos', 200], ['users', 10])]);

    const result = await aws.run(VERIFY, { ...SETTINGS, POLL_SECONDS: '0', TIMEOUT_SECONDS: '0' });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/posts\s+100\s+99\s+Synced\s+MISMATCH/);
    expect(result.stderr).toContain('replication check failed');
  });

  it('shows SVV_INTEGRATION_TABLE_STATE for tables that are not Synced and does not count them', async () => {
    aws = scriptedAwsAnswering([
      records(
        ['users', 'Synced', ''],
        ['posts', 'Failed', 'Table has no primary key'],
        ['todos', 'Synced', ''],
      ),
      records(['todos', 200], ['users', 10]),
    ]);

    const result = await aws.run(VERIFY, { ...SETTINGS, POLL_SECONDS: '0', TIMEOUT_SECONDS: '0' });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/posts\s+100\s+-\s+Failed\s+NOT SYNCED/);
    expect(result.stdout).toContain('SVV_INTEGRATION_TABLE_STATE for tables that are not Synced:');
    expect(result.stdout).toMatch(/posts\s+Failed\s+Table has no primary key/);
    const countSql = String(aws.callsTo('redshift-data execute-statement')[1].options.sql);
    expect(countSql).not.toContain('"posts"');
  });

  it('waits for lagging counts to catch up', async () => {
    aws = scriptedAwsAnswering([
      allSynced,
      records(['posts', 50], ['todos', 200], ['users', 10]),
      allSynced,
      records(['posts', 100], ['todos', 200], ['users', 10]),
      records([120]),
    ]);

    const result = await aws.run(VERIFY, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(0);
    // Two rounds of states and counts, then the lag.
    expect(aws.callsTo('redshift-data execute-statement')).toHaveLength(5);
    expect(result.stderr).toContain('replication has not caught up yet');
  });

  it('says the Lambda needs a counts action when it does not answer 200 with counts', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [
        lambdaResponse(500, { errors: [{ resource: 'event', reason: 'unknown action counts' }] }),
      ],
    });

    const result = await aws.run(VERIFY, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the counts action returned statusCode 500');
    expect(result.stderr).toContain('{"action":"counts"}');
  });

  it('stops waiting at once when a table is Failed: it stays so until fixed, and the message names the fix', async () => {
    aws = scriptedAwsAnswering([
      records(
        ['users', 'Synced', ''],
        ['posts', 'Failed', 'Table has no primary key'],
        ['todos', 'Synced', ''],
      ),
      records(['todos', 200], ['users', 10]),
    ]);

    const result = await aws.run(VERIFY, { ...SETTINGS, POLL_SECONDS: '0', TIMEOUT_SECONDS: '600' });

    expect(result.code).toBe(1);
    expect(aws.callsTo('redshift-data execute-statement')).toHaveLength(2);
    expect(result.stderr).toContain('tables in Failed or ResyncRequired stay there until they are fixed');
    expect(result.stderr).toContain('npm run zero-etl -- refresh <environment> --failed');
  });

  it('holds every table the integration replicates to Synced, also one the Lambda does not count', async () => {
    aws = scriptedAwsAnswering([
      records(
        ['users', 'Synced', ''],
        ['posts', 'Synced', ''],
        ['todos', 'Synced', ''],
        ['notes', 'Failed', 'Table has no primary key'],
      ),
      records(['posts', 100], ['todos', 200], ['users', 10]),
    ]);

    const result = await aws.run(VERIFY, { ...SETTINGS, POLL_SECONDS: '0', TIMEOUT_SECONDS: '600' });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/notes\s+-\s+-\s+Failed\s+NOT SYNCED/);
    expect(result.stdout).toMatch(/posts\s+100\s+100\s+Synced\s+OK/);
    expect(result.stdout).toMatch(/notes\s+Failed\s+Table has no primary key/);
  });

  it('expects the tables the data filter leaves out (EXCLUDED_TABLES) to be absent from the target', async () => {
    aws = scriptedAwsAnswering([
      records(['users', 'Synced', ''], ['todos', 'Synced', '']),
      records(['todos', 200], ['users', 10]),
      records([40]),
    ]);

    const result = await aws.run(VERIFY, { ...FAST, ...SETTINGS, EXCLUDED_TABLES: 'posts' });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/posts\s+100\s+-\s+missing\s+EXCLUDED/);
    expect(result.stderr).toContain('excluded by the data filter and absent: posts');
    const countSql = String(aws.callsTo('redshift-data execute-statement')[1].options.sql);
    expect(countSql).not.toContain('"posts"');
  });

  it('waits while an excluded table is still in the target, and fails naming it once TIMEOUT_SECONDS is up', async () => {
    aws = scriptedAwsAnswering([allSynced, records(['posts', 100], ['todos', 200], ['users', 10])]);

    const result = await aws.run(VERIFY, {
      ...SETTINGS,
      EXCLUDED_TABLES: 'posts',
      POLL_SECONDS: '0',
      TIMEOUT_SECONDS: '0',
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/posts\s+100\s+-\s+Synced\s+NOT EXCLUDED/);
    expect(result.stderr).toContain('an EXCLUDED_TABLES table still in the target has not left it yet');
  });

  it('refuses an EXCLUDED_TABLES entry that is not a plain table name, naming the expected form', async () => {
    aws = scriptedAwsAnswering([]);

    const result = await aws.run(VERIFY, { ...FAST, ...SETTINGS, EXCLUDED_TABLES: 'app.posts' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("EXCLUDED_TABLES: 'app.posts' is not a plain table name");
    expect(aws.callsTo('lambda invoke')).toHaveLength(0);
  });
});
