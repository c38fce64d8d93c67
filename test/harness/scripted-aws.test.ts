/**
 * The scripted aws CLI holds every test to AWS's published service models: a call or an answer AWS
 * would not accept fails the test that made it, in `cleanup()`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptedAws, serviceModelProblems, type ScriptedAwsScenario } from './scripted-aws';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scripted-aws-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a bash snippet against the scripted aws and returns what cleanup() reports (undefined: nothing). */
async function problemsOf(scenario: ScriptedAwsScenario, bash: string): Promise<string | undefined> {
  const script = join(dir, `script-${Math.random().toString(36).slice(2)}`);
  writeFileSync(script, `#!/usr/bin/env bash\n${bash}\n`);
  chmodSync(script, 0o755);
  const aws = createScriptedAws(scenario);
  await aws.run(script, {});
  try {
    await aws.cleanup();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const clusters = { DBClusters: [{ DBClusterIdentifier: 'zero-etl-dev', DBClusterMembers: [] }] };

describe('the scripted aws CLI, checked against the service models', () => {
  it('accepts real operations, options and answers', async () => {
    const problems = await problemsOf(
      {
        'rds describe-db-clusters': [{ stdout: clusters }],
        'lambda invoke': [
          { stdout: { StatusCode: 200, ExecutedVersion: '$LATEST' }, outfile: { statusCode: 200 } },
          { exitCode: 254, stderr: 'An error occurred (TooManyRequestsException): Rate Exceeded.' },
        ],
      },
      [
        'aws rds describe-db-clusters --db-cluster-identifier zero-etl-dev --region eu-west-1 --output json',
        `out="$(mktemp)"`,
        `aws lambda invoke --function-name zero-etl-dev-migrate --cli-binary-format raw-in-base64-out \\`,
        `  --cli-read-timeout 30 --payload '{"action":"migrate"}' "$out" --output json`,
        // The scripts get no TMPDIR from the harness: mktemp writes to /tmp, so remove it.
        'rm -f "$out"',
      ].join('\n'),
    );

    expect(problems).toBeUndefined();
  });

  it('fails on an operation the service does not have', async () => {
    const problems = await problemsOf(
      { 'rds describe-db-cluster': [{ stdout: clusters }] },
      'aws rds describe-db-cluster --db-cluster-identifier zero-etl-dev',
    );

    expect(problems).toContain(
      '`aws rds describe-db-cluster` is not an operation of rds (did you mean describe-db-clusters?)',
    );
  });

  it('fails on a made-up or abbreviated option, and on a missing required one', async () => {
    const problems = await problemsOf(
      { 'rds describe-db-clusters': [{ stdout: clusters }], 'rds reboot-db-instance': [{ stdout: {} }] },
      [
        'aws rds describe-db-clusters --db-cluster-id zero-etl-dev',
        'aws rds describe-db-clusters --cluster zero-etl-dev',
        'aws rds reboot-db-instance',
      ].join('\n'),
    );

    expect(problems).toContain(
      '--db-cluster-id is not an option of `aws rds describe-db-clusters` (did you mean --db-cluster-identifier?)',
    );
    expect(problems).toContain('--cluster is not an option of `aws rds describe-db-clusters`');
    expect(problems).toContain(
      'aws rds reboot-db-instance: the following arguments are required: --db-instance-identifier',
    );
  });

  it('fails on a parameter value of the wrong shape', async () => {
    const problems = await problemsOf(
      { 'redshift-serverless update-workgroup': [{ stdout: {} }] },
      `aws redshift-serverless update-workgroup --workgroup-name zero-etl-dev --config-parameters '[{"key":"require_ssl","parameterValue":"true"}]'`,
    );

    expect(problems).toContain(
      'Unknown parameter in configParameters[0]: "key", must be one of: parameterKey',
    );
  });

  it('fails on an answer field the output shape does not have, a wrong type or an unknown enum value', async () => {
    const problems = await serviceModelProblems(
      {
        'rds describe-db-clusters': [
          {
            stdout: {
              DBClusters: [{ DBClusterMembers: [{ IsClusterWriter: 'yes', ParameterStatus: 'x' }] }],
            },
          },
        ],
        'rds describe-integrations': [{ stdout: { Integrations: [{ Status: 'ACTIVE' }] } }],
      },
      [],
    );

    expect(problems).toEqual([
      'answer 0 to `aws rds describe-db-clusters`: output.DBClusters[0].DBClusterMembers[0].IsClusterWriter is a string, but the model says boolean (Boolean)',
      'answer 0 to `aws rds describe-db-clusters`: output.DBClusters[0].DBClusterMembers[0].ParameterStatus is not a member of DBClusterMember (did you mean DBClusterParameterGroupStatus?)',
      expect.stringContaining(
        "answer 0 to `aws rds describe-integrations`: output.Integrations[0].Status = 'ACTIVE' is not one of IntegrationStatus's values",
      ),
    ]);
  });

  it('fails on an error code the operation cannot return, or one naming another operation', async () => {
    const problems = await serviceModelProblems(
      {
        'lambda invoke': [
          { exitCode: 254, stderr: 'An error occurred (TooManyRequests): Rate Exceeded.' },
          {
            exitCode: 254,
            stderr: 'An error occurred (ResourceNotFoundException) when calling the GetFunction operation: x',
          },
        ],
      },
      [],
    );

    expect(problems).toEqual([
      'answer 0 to `aws lambda invoke`: Invoke declares no error TooManyRequests (did you mean TooManyRequestsException?)',
      'answer 1 to `aws lambda invoke`: the error names operation GetFunction, but the call is Invoke',
    ]);
  });
});
