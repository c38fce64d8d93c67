import { createScriptedAws, type ScriptedAws } from '../harness/scripted-aws';
import {
  FAST,
  functionState,
  IMPATIENT,
  lambdaCrash,
  lambdaResponse,
  script,
} from '../harness/scripted-aws-answers';

const APPLY = script('apply-schema');
const migrated = { run_id: 'r1', total_records: 0, resources: {}, errors: [] };

describe('scripts/apply-schema', () => {
  let aws: ScriptedAws;
  afterEach(() => aws.cleanup());

  it('invokes the Lambda’s migrate action once it is Active and succeeds on statusCode 200', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Pending'), functionState('Active')],
      'lambda invoke': [lambdaResponse(200, migrated)],
    });

    const result = await aws.run(APPLY, { ...FAST, FUNCTION_NAME: 'zero-etl-dev-ingest' });

    expect(result.code).toBe(0);
    expect(aws.callsTo('lambda get-function-configuration')).toHaveLength(2);
    expect(aws.callsTo('lambda invoke')).toEqual([
      expect.objectContaining({
        options: expect.objectContaining({
          'function-name': 'zero-etl-dev-ingest',
          payload: '{"action":"migrate"}',
        }),
      }),
    ]);
    expect(result.stderr).toContain('schema applied (statusCode 200)');
  });

  it('fails with the Lambda’s own error text when migrate answers 500', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [
        lambdaResponse(500, {
          ...migrated,
          errors: [{ resource: 'schema', reason: "ER_TABLEACCESS_DENIED: CREATE denied to user 'ingest'" }],
        }),
      ],
    });

    const result = await aws.run(APPLY, { ...FAST, FUNCTION_NAME: 'ingest' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "migrate returned statusCode 500: schema: ER_TABLEACCESS_DENIED: CREATE denied to user 'ingest'",
    );
  });

  it('fails with the error message when the function throws', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [lambdaCrash('Cannot find module index')],
    });

    const result = await aws.run(APPLY, { ...FAST, FUNCTION_NAME: 'ingest' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ingest raised an error (Unhandled): Cannot find module index');
  });

  it('gives up clearly when the function never becomes Active', async () => {
    aws = createScriptedAws({ 'lambda get-function-configuration': [functionState('Pending')] });

    const result = await aws.run(APPLY, { ...IMPATIENT, FUNCTION_NAME: 'ingest' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('timed out after 1s waiting for Lambda function ingest to be Active');
    expect(aws.callsTo('lambda invoke')).toEqual([]);
  });

  it('retries a throttled invocation (TooManyRequestsException) with backoff, then succeeds', async () => {
    const throttled = {
      exitCode: 254,
      stderr:
        'An error occurred (TooManyRequestsException) when calling the Invoke operation (reached max retries: 2): Rate Exceeded.',
    };
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [throttled, throttled, lambdaResponse(200, migrated)],
    });

    const result = await aws.run(APPLY, { ...FAST, THROTTLE_BACKOFF_SECONDS: '0', FUNCTION_NAME: 'ingest' });

    expect(result.code).toBe(0);
    expect(aws.callsTo('lambda invoke')).toHaveLength(3);
    expect(result.stderr.match(/is throttled \(TooManyRequestsException\); retrying/g)).toHaveLength(2);
  });

  it('gives up on throttling once TIMEOUT_SECONDS is spent, saying so', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [
        { exitCode: 254, stderr: 'An error occurred (TooManyRequestsException): Rate Exceeded.' },
      ],
    });

    const result = await aws.run(APPLY, {
      ...IMPATIENT,
      THROTTLE_BACKOFF_SECONDS: '1',
      FUNCTION_NAME: 'ingest',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ingest stayed throttled for 1s (TooManyRequestsException)');
  });

  it('does not retry other invocation failures', async () => {
    aws = createScriptedAws({
      'lambda get-function-configuration': [functionState('Active')],
      'lambda invoke': [
        { exitCode: 254, stderr: 'An error occurred (ResourceNotFoundException): Function not found' },
      ],
    });

    const result = await aws.run(APPLY, { ...FAST, FUNCTION_NAME: 'ingest' });

    expect(result.code).toBe(1);
    expect(aws.callsTo('lambda invoke')).toHaveLength(1);
    expect(result.stderr).toContain('ResourceNotFoundException');
  });
});
