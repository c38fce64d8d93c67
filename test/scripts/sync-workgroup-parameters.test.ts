/**
 * scripts/sync-workgroup-parameters (K2, R2) against the scripted aws CLI: Terraform ignores the
 * workgroup's config parameters after creation, so this step compares the live values and sends
 * exactly the ones that differ (AWS rejects an update that changes nothing).
 */
import { createScriptedAws, type ScriptedAws } from '../harness/scripted-aws';
import { FAST, ok, script } from '../harness/scripted-aws-answers';

const SYNC = script('sync-workgroup-parameters');
const DESIRED = {
  enable_case_sensitive_identifier: 'true',
  require_ssl: 'true',
  search_path: '$user, public',
};
const SETTINGS = { ...FAST, WORKGROUP_NAME: 'zero-etl-dev', CONFIG_PARAMETERS: JSON.stringify(DESIRED) };

const workgroup = (status: string, parameters: Record<string, string>) =>
  ok({
    workgroup: {
      workgroupName: 'zero-etl-dev',
      status,
      configParameters: Object.entries(parameters).map(([parameterKey, parameterValue]) => ({
        parameterKey,
        parameterValue,
      })),
    },
  });
// What AWS returns: the configured parameters plus one it added, which the provider cannot declare.
const LIVE = { ...DESIRED, enable_large_strings_opt_in: 'false', auto_mv: 'true' };

describe('scripts/sync-workgroup-parameters', () => {
  let aws: ScriptedAws;
  afterEach(() => aws.cleanup());

  it('changes nothing when the workgroup holds every configured value (extra AWS parameters included)', async () => {
    aws = createScriptedAws({ 'redshift-serverless get-workgroup': [workgroup('AVAILABLE', LIVE)] });

    const result = await aws.run(SYNC, SETTINGS);

    expect(result.code).toBe(0);
    expect(aws.callsTo('redshift-serverless update-workgroup')).toEqual([]);
    expect(result.stderr).toContain('holds every configured parameter');
  });

  it('updates exactly the parameters that differ, waits for AVAILABLE, and checks the result', async () => {
    const drifted = { ...LIVE, enable_case_sensitive_identifier: 'false' };
    aws = createScriptedAws({
      'redshift-serverless get-workgroup': [
        workgroup('AVAILABLE', drifted),
        workgroup('AVAILABLE', drifted),
        workgroup('MODIFYING', drifted),
        workgroup('AVAILABLE', LIVE),
      ],
      'redshift-serverless update-workgroup': [workgroup('MODIFYING', drifted)],
    });

    const result = await aws.run(SYNC, { ...SETTINGS, AWS_REGION: 'us-east-1' });

    expect(result.code).toBe(0);
    const [update] = aws.callsTo('redshift-serverless update-workgroup');
    expect(update.options['workgroup-name']).toBe('zero-etl-dev');
    expect(JSON.parse(update.options['config-parameters'] as string)).toEqual([
      { parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'true' },
    ]);
    expect(result.stderr).toContain('now holds every configured parameter');
  });

  it('only reports drift with CHECK_ONLY=1', async () => {
    aws = createScriptedAws({
      'redshift-serverless get-workgroup': [workgroup('AVAILABLE', { ...LIVE, require_ssl: 'false' })],
    });

    const result = await aws.run(SYNC, { ...SETTINGS, CHECK_ONLY: '1' });

    expect(result.code).toBe(1);
    expect(aws.callsTo('redshift-serverless update-workgroup')).toEqual([]);
    expect(result.stderr).toContain('parameters that differ: require_ssl=true');
    expect(result.stderr).toContain('has drifted from its configuration');
  });

  it('fails when the update did not take', async () => {
    const drifted = { ...LIVE, require_ssl: 'false' };
    aws = createScriptedAws({
      'redshift-serverless get-workgroup': [workgroup('AVAILABLE', drifted)],
      'redshift-serverless update-workgroup': [workgroup('MODIFYING', drifted)],
    });

    const result = await aws.run(SYNC, SETTINGS);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('still differs after the update');
  });

  it('refuses CONFIG_PARAMETERS that are not a JSON object of strings', async () => {
    aws = createScriptedAws({});

    const result = await aws.run(SYNC, { ...SETTINGS, CONFIG_PARAMETERS: '["require_ssl"]' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CONFIG_PARAMETERS must be a JSON object of strings');
    expect(aws.calls()).toEqual([]);
  });
});
