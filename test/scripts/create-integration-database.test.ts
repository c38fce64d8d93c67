import { createScriptedAws, type ScriptedAws, type ScriptedAwsAnswer } from '../harness/scripted-aws';
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
/** The integration a data-filter change replaced: the target database was created from it. */
const OLD_INTEGRATION_ID = '0d4e2f7a-1c3b-4a5d-8e9f-a0b1c2d3e4f5';
const OTHER_INTEGRATION_ID = '9f8e7d6c-5b4a-4321-8fed-cba987654321';
const ARN_PREFIX = 'arn:aws:rds:eu-west-1:123456789012:integration:';
const SETTINGS = {
  INTEGRATION_ARN: `${ARN_PREFIX}${INTEGRATION_ID}`,
  WORKGROUP_NAME: 'zero-etl-dev',
  ADMIN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!admin-AbCd',
  TARGET_DATABASE: 'jsonplaceholder',
};

/** One statement the step sends through the Data API: what it returns, or how it fails. */
interface Step {
  readonly result?: ScriptedAwsAnswer;
  readonly error?: string;
}

/** The step's bookkeeping table, ensured on every run (schema, then table). */
const ENSURE_RECORD: Step[] = [{}, {}];
const exists = (count: 0 | 1): Step => ({ result: records([count]) });
const feeders = (...ids: string[]): Step => ({ result: records(...ids.map((id) => [id])) });
const recorded = (id?: string): Step => ({ result: id ? records([id]) : records() });
const ok: Step = {};
const fails = (error: string): Step => ({ error });

/** The Data API answers for `steps`, in order: one statement id, one settled status and (for SELECTs) one result each. */
function dataApi(steps: readonly Step[]): Record<string, ScriptedAwsAnswer[]> {
  const results = steps.flatMap((step) => (step.result ? [step.result] : []));
  return {
    'redshift-data execute-statement': steps.map((_, index) => statementSubmitted(`statement-${index + 1}`)),
    'redshift-data describe-statement': steps.map((step) =>
      statement(step.error ? 'FAILED' : 'FINISHED', step.error),
    ),
    ...(results.length > 0 ? { 'redshift-data get-statement-result': results } : {}),
  };
}

/** What `aws rds describe-integrations` answers for an integration RDS no longer has (AWS CLI v2). */
const integrationNotFound: ScriptedAwsAnswer = {
  stderr: `An error occurred (IntegrationNotFoundFault) when calling the DescribeIntegrations operation: Integration ${OLD_INTEGRATION_ID} not found.`,
  exitCode: 254,
};

/** Every SQL text the step sent, in order. */
const sent = (aws: ScriptedAws) =>
  aws.callsTo('redshift-data execute-statement').map((call) => String(call.options.sql));

const SQL = {
  schema: /^CREATE SCHEMA IF NOT EXISTS zero_etl_deploy$/,
  table: /^CREATE TABLE IF NOT EXISTS zero_etl_deploy\.integration_targets \(/,
  exists: /svv_redshift_databases WHERE database_name = 'jsonplaceholder'/,
  feeders: /^SELECT TRIM\(integration_id\) FROM svv_integration\s+WHERE target_database = 'jsonplaceholder'$/,
  record:
    /^SELECT integration_id FROM zero_etl_deploy\.integration_targets\s+WHERE target_database = 'jsonplaceholder'\s+ORDER BY created_at DESC LIMIT 1$/,
  insert: new RegExp(
    `^INSERT INTO zero_etl_deploy\\.integration_targets \\(target_database, integration_id\\)\\s+VALUES \\('jsonplaceholder', '${INTEGRATION_ID}'\\)$`,
  ),
  drop: /^DROP DATABASE "jsonplaceholder"$/,
  create: new RegExp(`^CREATE DATABASE "jsonplaceholder" FROM INTEGRATION '${INTEGRATION_ID}'$`),
};
const expectStatements = (aws: ScriptedAws, expected: RegExp[]) =>
  expect(sent(aws)).toEqual(expected.map((pattern) => expect.stringMatching(pattern)));

describe('scripts/create-integration-database', () => {
  let aws: ScriptedAws;
  afterEach(() => aws.cleanup());

  describe('a first run', () => {
    it('waits for the integration to be active, creates the database with execute-statement, then records it', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('creating'), integration('syncing'), integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(0), ok, recorded(), ok]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(0);
      expect(aws.callsTo('rds describe-integrations')).toHaveLength(3);
      expectStatements(aws, [SQL.schema, SQL.table, SQL.exists, SQL.create, SQL.record, SQL.insert]);
      expect(aws.callsTo('redshift-data execute-statement')[3].options).toMatchObject({
        database: 'dev',
        'workgroup-name': 'zero-etl-dev',
        'secret-arn': SETTINGS.ADMIN_SECRET_ARN,
      });
      expect(aws.calls().map((call) => call.key)).not.toContain('redshift-data batch-execute-statement');
      expect(result.stderr).toContain(
        `recorded in dev.zero_etl_deploy.integration_targets: jsonplaceholder is fed by integration ${INTEGRATION_ID}`,
      );
    });

    it('keeps its record in CONNECT_DATABASE, and refuses a target of the same name (Redshift cannot drop the database it runs in)', async () => {
      aws = createScriptedAws({});

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS, CONNECT_DATABASE: 'jsonplaceholder' });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain("TARGET_DATABASE and CONNECT_DATABASE are both 'jsonplaceholder'");
      expect(aws.calls()).toEqual([]);
    });
  });

  describe('a database of that name already exists', () => {
    it('does nothing when it receives this integration and is recorded', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(1), feeders(INTEGRATION_ID), recorded(INTEGRATION_ID)]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS, CONNECT_DATABASE: 'admin_db' });

      expect(result.code).toBe(0);
      expectStatements(aws, [SQL.schema, SQL.table, SQL.exists, SQL.feeders, SQL.record]);
      expect(
        aws.callsTo('redshift-data execute-statement').every((call) => call.options.database === 'admin_db'),
      ).toBe(true);
      expect(result.stderr).toContain('already exists and receives integration');
    });

    it('records a database this integration feeds but nothing recorded (a run that stopped before recording it)', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(1), feeders(INTEGRATION_ID), recorded(), ok]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(0);
      expectStatements(aws, [SQL.schema, SQL.table, SQL.exists, SQL.feeders, SQL.record, SQL.insert]);
    });

    it('drops and re-creates the database it created from an integration that no longer exists (a data-filter change replaced it)', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active'), integrationNotFound],
        ...dataApi([
          ...ENSURE_RECORD,
          exists(1),
          feeders(),
          recorded(OLD_INTEGRATION_ID),
          ok,
          ok,
          recorded(OLD_INTEGRATION_ID),
          ok,
        ]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(0);
      expectStatements(aws, [
        SQL.schema,
        SQL.table,
        SQL.exists,
        SQL.feeders,
        SQL.record,
        SQL.drop,
        SQL.create,
        SQL.record,
        SQL.insert,
      ]);
      // It asked RDS whether the recorded integration still exists, by its ARN.
      expect(aws.callsTo('rds describe-integrations')[1].options['integration-identifier']).toBe(
        `${ARN_PREFIX}${OLD_INTEGRATION_ID}`,
      );
      expect(result.stderr).toContain(
        `database jsonplaceholder was created by this step from integration ${OLD_INTEGRATION_ID}, which no longer exists (the integration was replaced): dropping it and creating it again from integration ${INTEGRATION_ID}; all its data is re-seeded from Aurora`,
      );
    });

    it('never touches a database another live integration feeds, whoever created it', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(1), feeders(OTHER_INTEGRATION_ID)]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `database jsonplaceholder exists but is not fed by integration ${INTEGRATION_ID} (see SVV_INTEGRATION) but by integration(s) ${OTHER_INTEGRATION_ID}; choose another TARGET_DATABASE or drop that database, then re-run`,
      );
      expectStatements(aws, [SQL.schema, SQL.table, SQL.exists, SQL.feeders]);
    });

    it('never touches a database it did not create (a local one, one made by hand)', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(1), feeders(), recorded()]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `exists but is not fed by integration ${INTEGRATION_ID} (see SVV_INTEGRATION), and this step did not create it (no record in dev.zero_etl_deploy.integration_targets)`,
      );
      expect(sent(aws).some((sql) => /DROP|CREATE DATABASE/.test(sql))).toBe(false);
    });

    it('waits for the old integration to be gone before dropping anything', async () => {
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active'), integration('deleting')],
        ...dataApi([...ENSURE_RECORD, exists(1), feeders(), recorded(OLD_INTEGRATION_ID)]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `created by this step from integration ${OLD_INTEGRATION_ID}, which still exists (deleting); re-run once it is deleted`,
      );
      expect(sent(aws).some((sql) => /DROP/.test(sql))).toBe(false);
    });

    it('stops with Redshift’s text and the fix when the drop fails (sessions still connected)', async () => {
      const redshiftError = 'ERROR: database "jsonplaceholder" is being accessed by other users';
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active'), integrationNotFound],
        ...dataApi([
          ...ENSURE_RECORD,
          exists(1),
          feeders(),
          recorded(OLD_INTEGRATION_ID),
          fails(redshiftError),
        ]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`DROP DATABASE jsonplaceholder failed in Redshift: ${redshiftError}`);
      expect(result.stderr).toContain(
        'end them (or run DROP DATABASE "jsonplaceholder" FORCE as a superuser), then re-run',
      );
      expect(sent(aws).some((sql) => /CREATE DATABASE/.test(sql))).toBe(false);
    });
  });

  describe('re-run after a failure at any point', () => {
    it('dropped but not created again: the next run creates it from the new integration and records it', async () => {
      const timeout = 'ERROR: Query (1234) cancelled on user request';
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active'), integrationNotFound],
        ...dataApi([
          ...ENSURE_RECORD,
          exists(1),
          feeders(),
          recorded(OLD_INTEGRATION_ID),
          ok,
          fails(timeout),
        ]),
      });
      const first = await aws.run(CREATE, { ...FAST, ...SETTINGS });
      expect(first.code).toBe(1);
      expect(first.stderr).toContain(`CREATE DATABASE failed in Redshift: ${timeout}`);
      await aws.cleanup();

      // The record still names the old integration; the database is gone.
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(0), ok, recorded(OLD_INTEGRATION_ID), ok]),
      });
      const second = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(second.code).toBe(0);
      expectStatements(aws, [SQL.schema, SQL.table, SQL.exists, SQL.create, SQL.record, SQL.insert]);
    });

    it('created but not recorded: the run fails naming the fix, and the next run records it', async () => {
      const redshiftError = 'ERROR: could not complete because of conflict with concurrent transaction';
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(0), ok, recorded(), fails(redshiftError)]),
      });
      const first = await aws.run(CREATE, { ...FAST, ...SETTINGS });
      expect(first.code).toBe(1);
      expect(first.stderr).toContain(
        `database jsonplaceholder receives integration ${INTEGRATION_ID}, but recording that in zero_etl_deploy.integration_targets failed: ${redshiftError}. Fix the cause and re-run: the step records it then`,
      );
      await aws.cleanup();

      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(1), feeders(INTEGRATION_ID), recorded(), ok]),
      });
      const second = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(second.code).toBe(0);
      expectStatements(aws, [SQL.schema, SQL.table, SQL.exists, SQL.feeders, SQL.record, SQL.insert]);
    });

    it('a concurrent run created it: done only once SVV_INTEGRATION shows this integration feeding it', async () => {
      const alreadyExists = 'ERROR: database "jsonplaceholder" already exists';
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([
          ...ENSURE_RECORD,
          exists(0),
          fails(alreadyExists),
          feeders(INTEGRATION_ID),
          recorded(),
          ok,
        ]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(0);
      expectStatements(aws, [
        SQL.schema,
        SQL.table,
        SQL.exists,
        SQL.create,
        SQL.feeders,
        SQL.record,
        SQL.insert,
      ]);
      expect(result.stderr).toContain('was created concurrently and receives integration');
    });

    it('a database of that name appeared meanwhile that this integration does not feed: it stops', async () => {
      const alreadyExists = 'ERROR: database "jsonplaceholder" already exists';
      aws = createScriptedAws({
        'rds describe-integrations': [integration('active')],
        ...dataApi([...ENSURE_RECORD, exists(0), fails(alreadyExists), feeders()]),
      });

      const result = await aws.run(CREATE, { ...FAST, ...SETTINGS });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `exists but is not fed by integration ${INTEGRATION_ID} (see SVV_INTEGRATION) (it was created while this step ran: another run, or by hand)`,
      );
    });
  });

  it('fails showing Redshift’s error text when CREATE DATABASE fails', async () => {
    const redshiftError = 'ERROR: permission denied to create database';
    aws = createScriptedAws({
      'rds describe-integrations': [integration('active')],
      ...dataApi([...ENSURE_RECORD, exists(0), fails(redshiftError)]),
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
