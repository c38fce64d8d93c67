import {
  PlanInputError,
  assertPlanJson,
  findCloudRunUrl,
  isSecretLikeKey,
  nextPageUrl,
  scrubSecrets,
} from '../../../cli/plan-comment';
import { main } from '../../../cli/plan-comment/cli';

describe('plan comment helpers', () => {
  it('finds the HCP Terraform run URL in remote plan output, even when colourised', () => {
    // Arrange
    const output = [
      'Running plan in HCP Terraform. Output will stream here. Pressing Ctrl-C',
      'will stop streaming the logs, but will not stop the plan running remotely.',
      '',
      'To view this run in a browser, visit:',
      '\u001b[1mhttps://app.terraform.io/app/acme/zero-etl-dev/runs/run-AbC123xYz\u001b[0m',
    ].join('\n');

    // Act + Assert
    expect(findCloudRunUrl(output)).toBe('https://app.terraform.io/app/acme/zero-etl-dev/runs/run-AbC123xYz');
    expect(findCloudRunUrl('Plan: 1 to add, 0 to change, 0 to destroy.')).toBeUndefined();
  });

  it('reads the next page from a GitHub Link header', () => {
    const link =
      '<https://api.github.com/repositories/1/issues/7/comments?page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?page=5>; rel="last"';
    expect(nextPageUrl(link)).toBe('https://api.github.com/repositories/1/issues/7/comments?page=2');
    expect(nextPageUrl('<https://x/?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPageUrl(null)).toBeUndefined();
  });

  it.each([
    ['master_password', true],
    ['DB_PASSWORD', true],
    ['api_token', true],
    ['secret_string', true],
    ['private_key', true],
    ['master_user_secret_kms_key_id', false],
    ['secret_arn', false],
    ['manage_master_user_password', false],
    ['secret_status', false],
    ['description', false],
  ])('treats %s as secret-like: %s', (key, expected) => {
    expect(isSecretLikeKey(key)).toBe(expected);
  });

  it('scrubs a secret and its JSON-escaped form', () => {
    const secret = 'p@ss"word-123';
    const text = `url = mysql://admin:${secret}@host\njson = "${JSON.stringify(secret).slice(1, -1)}"`;
    expect(scrubSecrets(text, new Set([secret]))).toBe(
      'url = mysql://admin:(sensitive value)@host\njson = "(sensitive value)"',
    );
  });

  it('rejects input that is not terraform show -json of a plan, saying how to produce it', () => {
    expect(() => assertPlanJson({ values: {} }, 'state.json')).toThrow(PlanInputError);
    expect(() => assertPlanJson([], 'x.json')).toThrow(/terraform show -json tfplan/);
    expect(() => assertPlanJson({ format_version: '1.2', resource_changes: [] }, 'plan.json')).not.toThrow();
  });

  it('exits 2 with usage when the CLI is called without a stack or a run URL', async () => {
    const logs: string[] = [];
    expect(await main(['render', '--run-url', 'https://x'], {}, (line) => logs.push(line))).toBe(2);
    expect(await main(['render', '--stack', 'dev'], {}, (line) => logs.push(line))).toBe(2);
    expect(await main(['publish'], {}, (line) => logs.push(line))).toBe(2);
    expect(logs[0]).toContain('--stack is required');
    expect(logs[1]).toContain('--run-url is required');
    expect(logs[2]).toContain('usage:');
  });
});
