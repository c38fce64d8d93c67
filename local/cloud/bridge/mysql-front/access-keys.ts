/**
 * What the front asks IAM (the local cloud's Python side, LOCAL_CLOUD_ROUTES) when a token arrives:
 * the secret of the token's access key, and whether its principal may `rds-db:connect` as the user.
 */
import { LOCAL_CLOUD_ROUTES, type AccessKeyAnswer, type AuthorizeRequest } from '../contract';
import { LocalCloudError } from '../../errors';

export interface AccessKeyDirectory {
  /** The key's secret and principal; undefined when IAM has no such key. */
  lookup(accessKeyId: string): Promise<AccessKeyAnswer | undefined>;
  /** Whether the principal's policies allow `action` on `resource`. */
  isAllowed(request: AuthorizeRequest): Promise<boolean>;
}

export class AccessKeyDirectoryError extends LocalCloudError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AccessKeyDirectoryError';
  }
}

const TIMEOUT_MS = 10_000;

/** The directory served by the local cloud endpoint at `baseUrl` (e.g. `http://127.0.0.1:4566`). */
export function httpAccessKeyDirectory(baseUrl: string): AccessKeyDirectory {
  const call = async (path: string, init?: RequestInit) => {
    try {
      return await fetch(new URL(path, baseUrl), { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new AccessKeyDirectoryError(`the local cloud at ${baseUrl} did not answer ${path}`, {
        cause: error,
      });
    }
  };
  return {
    async lookup(accessKeyId) {
      const response = await call(LOCAL_CLOUD_ROUTES.accessKey(accessKeyId));
      if (response.status === 404) return undefined;
      if (!response.ok) {
        throw new AccessKeyDirectoryError(
          `access key lookup answered ${response.status}: ${await response.text()}`,
        );
      }
      return (await response.json()) as AccessKeyAnswer;
    },
    async isAllowed(request) {
      const response = await call(LOCAL_CLOUD_ROUTES.authorize, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      if (!response.ok) {
        throw new AccessKeyDirectoryError(`authorize answered ${response.status}: ${await response.text()}`);
      }
      return ((await response.json()) as { allowed?: unknown }).allowed === true;
    },
  };
}
