/**
 * SecretSource for IAM database authentication: every call signs a fresh 15-minute token with the
 * function's role credentials (which the Lambda runtime puts in the environment). The pool is created
 * with it; when a later connection is refused because the token expired, MysqlDatabase asks again.
 */
import { type AwsCredentials, rdsAuthToken } from '../domain/rds-auth-token';
import { INGEST_ENV } from '../env-vars';
import { SecretError } from '../errors';
import type { DbCredentials, SecretSource } from '../ports';

export interface IamTokenTarget {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  readonly region: string;
}

export type CredentialsSource = () => AwsCredentials;

/** The role session the Lambda runtime provides through the environment. */
export function environmentCredentials(env: Readonly<Record<string, string | undefined>>): CredentialsSource {
  return () => {
    const accessKeyId = env[INGEST_ENV.awsAccessKeyId];
    const secretAccessKey = env[INGEST_ENV.awsSecretAccessKey];
    if (!accessKeyId || !secretAccessKey) {
      throw new SecretError(
        `IAM database authentication needs ${INGEST_ENV.awsAccessKeyId} and ${INGEST_ENV.awsSecretAccessKey} (set by the Lambda runtime from the function's role)`,
      );
    }
    return { accessKeyId, secretAccessKey, sessionToken: env[INGEST_ENV.awsSessionToken] || undefined };
  };
}

export class IamAuthTokenSource implements SecretSource {
  constructor(
    private readonly target: IamTokenTarget,
    private readonly credentials: CredentialsSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getCredentials(): Promise<DbCredentials> {
    const password = rdsAuthToken({ ...this.target, credentials: this.credentials(), now: this.now() });
    return { user: this.target.username, password };
  }
}
