/** shared/secret-patterns.ts: the one list of what looks like a secret, for the plan comment and the plan specifications. */
import { isSecretLikeKey, maskSecretsInText } from '../../shared/secret-patterns';

describe('secret-like keys', () => {
  it.each([
    ['master_password', true],
    ['DB_PASSWORD', true],
    ['db_pass', true],
    ['dbPass', true],
    ['PGPASSWORD', true],
    ['api_token', true],
    ['apiKey', true],
    ['client-secret', true],
    ['secret_string', true],
    ['private_key', true],
    ['aws_secret_access_key', true],
    ['credentials', true],
    ['master_user_secret_kms_key_id', false],
    ['secret_arn', false],
    ['manage_master_user_password', false],
    ['secret_status', false],
    ['password_length', false],
    ['bypass', false],
    ['passthrough', false],
    ['description', false],
  ])('treats %s as secret-like: %s', (key, expected) => {
    expect(isSecretLikeKey(key)).toBe(expected);
  });
});

describe('secrets written inside text', () => {
  it.each([
    ['export DB_PASSWORD=hunter22 && run', 'export DB_PASSWORD=*** && run'],
    ['password: "s3cr3t!" # yaml', 'password: "***" # yaml'],
    ['{"db_pass":"abcdef"}', '{"db_pass":"***"}'],
    ['mysql://admin:topsecret@db:3306/app', 'mysql://admin:***@db:3306/app'],
    ['API_KEY=xyz789 TOKEN=tok-123', 'API_KEY=*** TOKEN=***'],
    ['key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nend', 'key:\n***\nend'],
  ])('masks %j', (text, masked) => {
    expect(maskSecretsInText(text, '***')).toBe(masked);
  });

  it.each([
    'password_length = 32',
    'PASSWORD=(sensitive value)',
    'https://example.com/path',
    'log_level=debug token_count',
    'secretsmanager:GetSecretValue',
    'token.actions.githubusercontent.com:aud',
  ])('leaves %j alone', (text) => {
    expect(maskSecretsInText(text, '(sensitive value)')).toBe(text);
  });
});
