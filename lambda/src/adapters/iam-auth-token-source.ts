/**
 * SecretSource for IAM database authentication: every call asks AWS's own signer
 * (@aws-sdk/rds-signer, bundled) for a fresh 15-minute token, signed with the function's role
 * credentials (which the Lambda runtime puts in the environment). The pool is created with it; when
 * a later connection is refused because the token expired, MysqlDatabase asks again.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.Connecting.NodejsV3.html
 */
import type * as AwsSdk from './aws-sdk';
import { INGEST_ENV } from '../env-vars';
import { SecretError } from '../errors';
import type { DbCredentials, SecretSource } from '../ports';

export interface IamTokenTarget {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  readonly region: string;
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Set for temporary credentials, such as a Lambda function's role session. */
  readonly sessionToken?: string;
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
  ) {}

  async getCredentials(): Promise<DbCredentials> {
    // Loaded on the first token, not at cold start (see aws-sdk.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Signer } = require('./aws-sdk') as typeof AwsSdk;
    // Explicit credentials: the signer then never walks the SDK's provider chain.
    const signer = new Signer({ ...this.target, credentials: this.credentials() });
    return { user: this.target.username, password: await signer.getAuthToken() };
  }
}
