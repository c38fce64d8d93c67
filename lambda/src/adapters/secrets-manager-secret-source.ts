/**
 * SecretSource for AWS: the RDS-managed master secret (`{"username","password"}`), read once per cold
 * start and cached; `refresh` re-reads it after an access denied (the secret rotates every 7 days).
 * The SDK client travels in the bundle and is loaded on first use: only `migrate` reads the secret.
 */
import type * as AwsSdk from './aws-sdk';
import { SecretError, describeError } from '../errors';
import type { DbCredentials, SecretSource } from '../ports';

/** Reads a secret's `SecretString`. */
export type ReadSecretString = (secretArn: string) => Promise<string | undefined>;

export const readWithAwsSdk: ReadSecretString = async (secretArn) => {
  // Required here, not imported at the top: the SDK stays out of the cold start (see aws-sdk.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SecretsManagerClient, GetSecretValueCommand } = require('./aws-sdk') as typeof AwsSdk;
  const client = new SecretsManagerClient({});
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return output.SecretString;
  } finally {
    client.destroy();
  }
};

export class SecretsManagerSecretSource implements SecretSource {
  private cached?: Promise<DbCredentials>;

  constructor(
    private readonly secretArn: string,
    private readonly read: ReadSecretString = readWithAwsSdk,
  ) {}

  getCredentials(options?: { refresh?: boolean }): Promise<DbCredentials> {
    if (!this.cached || options?.refresh) {
      const pending = this.load();
      // A failed read is not cached: the next invocation tries again.
      pending.catch(() => {
        if (this.cached === pending) this.cached = undefined;
      });
      this.cached = pending;
    }
    return this.cached;
  }

  private async load(): Promise<DbCredentials> {
    let text: string | undefined;
    try {
      text = await this.read(this.secretArn);
    } catch (error) {
      throw new SecretError(`could not read the database secret ${this.secretArn}: ${describeError(error)}`, {
        cause: error,
      });
    }
    return parseCredentials(text, this.secretArn);
  }
}

/** The RDS-managed secret's JSON; the message never includes the secret's content. */
export function parseCredentials(text: string | undefined, secretArn: string): DbCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new SecretError(`the secret ${secretArn} is not JSON: expected {"username": …, "password": …}`);
  }
  const { username, password } = (value ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string' || !username) {
    throw new SecretError(`the secret ${secretArn} lacks string "username" and "password" fields`);
  }
  return { user: username, password };
}
