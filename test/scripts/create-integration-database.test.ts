import { createScriptedAws, type ScriptedAws } from '../harness/scripted-aws';
import {
  FAST,
  IMPATIENT,
  integration,
  records,
  script,
  statement,
  statementSubmitted,
} from '../harness/scripted-aws-answers';

const CREATE = script('create-integration-database');
const INTEGRATION_ID = '5b9a7c1e-0f3d-4d5e-9a1b-2c3d4e5f6a7b';
const SETTINGS = {
  INTEGRATION_ARN: `arn:aws:rds:eu-west-1:123456789012:integration:${INTEGRATION_ID}`,
  WORKGROUP_NAME: 'zero-etl-dev',
  ADMIN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!admin-AbCd',
  TARGET_DATABASE: 'jsonplaceholder',
};

describe('scripts/create-integration-database', () => {
  let aws: ScriptedAws;
  afterEach(() => aws.cleanup());

  it('waits for the integration to be active, then creates the database with execute-statement', async () => {
    aws = createScriptedAws({
      'rds describe-integrations': [integration('creating'), integration('syncing'), integration('active')],
      'redshift-data execute-statement': [statementSubmitted('check'), statementSubmitted('create')],
      'redshift-data describe-statement': [
        statement('STARTED'),
        statement('FINISHED'),
        statement('PICKED'),
        statement('FINISHED'),
      ],
      'redshift-data get-statement-result': [records([0])],
    });

    const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(0);
    expect(aws.callsTo('rds describe-integrations')).toHaveLength(3);
    const statements = aws.callsTo('redshift-data execute-statement');
    expect(statements).toHaveLength(2);
    expect(statements[1].options).toMatchObject({
      sql: `CREATE DATABASE "jsonplaceholder" FROM INTEGRATION '${INTEGRATION_ID}'`,
      database: 'dev',
      'workgroup-name': 'zero-etl-dev',
      'secret-arn': SETTINGS.ADMIN_SECRET_ARN,
    });
    expect(aws.calls().map((call) => call.key)).not.toContain('redshift-data batch-execute-statement');
  });

  it('does nothing when the database already exists and receives this integration', async () => {
    aws = createScriptedAws({
      'rds describe-integrations': [integration('active')],
      'redshift-data execute-statement': [statementSubmitted('exists'), statementSubmitted('linked')],
      'redshift-data describe-statement': [statement('FINISHED')],
      'redshift-data get-statement-result': [records([1]), records([1])],
    });

    const result = await aws.run(CREATE, { ...FAST, ...SETTINGS, CONNECT_DATABASE: 'admin_db' });

    expect(result.code).toBe(0);
    const statements = aws.callsTo('redshift-data execute-statement').map((call) => call.options);
    expect(statements).toEqual([
      expect.objectContaining({
        database: 'admin_db',
        sql: expect.stringMatching(/svv_redshift_databases.*'jsonplaceholder'/),
      }),
      expect.objectContaining({
        sql: expect.stringMatching(new RegExp(`svv_integration\\s[\\s\\S]*'${INTEGRATION_ID}'`)),
      }),
    ]);
    expect(result.stderr).toContain('already exists and receives integration');
  });

  it('refuses to treat an unrelated database of the same name as done', async () => {
    aws = createScriptedAws({
      'rds describe-integrations': [integration('active')],
      'redshift-data execute-statement': [statementSubmitted('exists'), statementSubmitted('linked')],
      'redshift-data describe-statement': [statement('FINISHED')],
      'redshift-data get-statement-result': [records([1]), records([0])],
    });

    const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`exists but is not fed by integration ${INTEGRATION_ID}`);
    expect(aws.callsTo('redshift-data execute-statement')).toHaveLength(2);
  });

  it('fails showing Redshift’s error text when CREATE DATABASE fails', async () => {
    const redshiftError = 'ERROR: permission denied to create database';
    aws = createScriptedAws({
      'rds describe-integrations': [integration('active')],
      'redshift-data execute-statement': [statementSubmitted('check'), statementSubmitted('create')],
      'redshift-data describe-statement': [statement('FINISHED'), statement('FAILED', redshiftError)],
      'redshift-data get-statement-result': [records([0])],
    });

    const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`CREATE DATABASE failed in Redshift: ${redshiftError}`);
  });

  it('gives up at once when the integration failed, showing its errors', async () => {
    aws = createScriptedAws({
      'rds describe-integrations': [
        integration('failed', [{ ErrorCode: 'InvalidParameter', ErrorMessage: 'binlog_format' }]),
      ],
    });

    const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"ErrorMessage":"binlog_format"');
    expect(aws.callsTo('rds describe-integrations')).toHaveLength(1);
    expect(aws.callsTo('redshift-data execute-statement')).toEqual([]);
  });

  it('fails clearly when the integration does not become active within TIMEOUT_SECONDS', async () => {
    aws = createScriptedAws({ 'rds describe-integrations': [integration('creating')] });

    const result = await aws.run(CREATE, { ...IMPATIENT, ...SETTINGS });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `timed out after 1s waiting for integration ${INTEGRATION_ID} to become active`,
    );
  });

  it('fails clearly when a statement never finishes', async () => {
    aws = createScriptedAws({
      'rds describe-integrations': [integration('active')],
      'redshift-data execute-statement': [statementSubmitted('check')],
      'redshift-data describe-statement': [statement('STARTED')],
    });

    const result = await aws.run(CREATE, { ...IMPATIENT, ...SETTINGS });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('timed out after 1s waiting for statement check');
  });

  it('refuses a database name it would have to quote unsafely', async () => {
    aws = createScriptedAws({});

    const result = await aws.run(CREATE, {
      ...FAST,
      ...SETTINGS,
      TARGET_DATABASE: 'x"; DROP DATABASE dev; --',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a plain Redshift identifier');
    expect(aws.calls()).toEqual([]);
  });
});
