/**
 * SourceApi over HTTP with ky: one instance with `prefixUrl`, a per-request timeout, retries with
 * exponential backoff and full jitter on 408/429/5xx, network errors and timeouts, `Retry-After`
 * honoured, and a bound on each resource's total time. Errors carry the URL and status.
 */
import type * as Ky from 'ky';
import type { HTTPError, KyInstance, RetryOptions } from 'ky';
import type { HttpConfig } from '../config';
import type { ResourceName } from '../constants';
import { SourceApiError, describeError } from '../errors';
import type { Logger } from '../logger';
import type { SourceApi } from '../ports';

const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];
const RETRY_AFTER_STATUS_CODES = [413, 429, 503];

export class KySourceApi implements SourceApi {
  private readonly client: KyInstance;

  constructor(
    private readonly http: HttpConfig,
    private readonly logger: Logger,
  ) {
    this.client = loadKy().create({
      prefixUrl: http.baseUrl,
      timeout: http.timeoutMs,
      headers: { accept: 'application/json' },
      retry: this.retryOptions(Number.POSITIVE_INFINITY),
      hooks: {
        beforeRetry: [
          ({ request, error, retryCount }) =>
            this.logger.warn('retrying request', {
              url: request.url,
              attempt: retryCount + 1,
              reason: describeError(error),
            }),
        ],
      },
    });
  }

  async fetchAll(resource: ResourceName): Promise<readonly unknown[]> {
    const url = new URL(resource, this.http.baseUrl).toString();
    const deadline = Date.now() + this.http.totalTimeoutMs;
    let text: string;
    try {
      const response = await this.client.get(resource, {
        retry: this.retryOptions(deadline),
        signal: AbortSignal.timeout(this.http.totalTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw toSourceApiError(error, url, this.http.totalTimeoutMs);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new SourceApiError(`GET ${url} returned malformed JSON (${describeError(error)})`, {
        url,
        status: 200,
        cause: error,
      });
    }
    if (!Array.isArray(body)) {
      throw new SourceApiError(
        `GET ${url} returned ${body === null ? 'null' : typeof body}, expected a JSON array`,
        { url, status: 200 },
      );
    }
    return body;
  }

  private retryOptions(deadline: number): RetryOptions {
    const { retries, backoffMs, totalTimeoutMs } = this.http;
    return {
      limit: retries,
      methods: ['get'],
      statusCodes: RETRY_STATUS_CODES,
      afterStatusCodes: RETRY_AFTER_STATUS_CODES,
      maxRetryAfter: totalTimeoutMs,
      retryOnTimeout: true,
      delay: (attempt) => backoffMs * 2 ** (attempt - 1),
      backoffLimit: Math.max(backoffMs, 10_000),
      jitter: true,
      // ky clamps a long Retry-After to maxRetryAfter; a wait past our deadline is pointless, so stop.
      shouldRetry: ({ error }) => {
        if (!isHttpError(error) || !RETRY_AFTER_STATUS_CODES.includes(error.response.status))
          return undefined;
        const waitMs = retryAfterMs(error.response.headers.get('retry-after'));
        return waitMs !== undefined && Date.now() + waitMs > deadline ? false : undefined;
      },
    };
  }
}

/**
 * ky, and Node's fetch (undici) behind it, load on first use rather than at cold start: together
 * they cost ~60 ms of init that an invalid event or a migrate never needs.
 */
function loadKy(): (typeof Ky)['default'] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ky') as typeof Ky).default;
}

/** By name, not class: ky is loaded lazily, and errors may cross realms in tests. */
function isHttpError(error: unknown): error is HTTPError {
  return (error as { name?: unknown } | null)?.name === 'HTTPError' && 'response' in (error as object);
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

function toSourceApiError(error: unknown, url: string, totalTimeoutMs: number): SourceApiError {
  if (isHttpError(error)) {
    const status = error.response.status;
    return new SourceApiError(`GET ${url} failed with HTTP ${status} ${error.response.statusText}`.trim(), {
      url,
      status,
      cause: error,
    });
  }
  // AbortSignal.timeout's DOMException may come from another realm: compare names, not classes.
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  if (name === 'TimeoutError' && !message?.startsWith('Request timed out')) {
    return new SourceApiError(`GET ${url} did not complete within ${totalTimeoutMs} ms (retries included)`, {
      url,
      cause: error,
    });
  }
  return new SourceApiError(`GET ${url} failed: ${message ?? describeError(error)}`, { url, cause: error });
}
