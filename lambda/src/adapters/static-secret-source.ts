/** SecretSource for local runs: the credentials come straight from the environment. */
import type { DbCredentials, SecretSource } from '../ports';

export class StaticSecretSource implements SecretSource {
  constructor(private readonly credentials: DbCredentials) {}

  async getCredentials(): Promise<DbCredentials> {
    return this.credentials;
  }
}
