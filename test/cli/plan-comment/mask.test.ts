import { isSecretLikeKey, scrubSecrets } from '../../../cli/plan-comment/mask';

describe('masking secrets in the comment', () => {
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
});
