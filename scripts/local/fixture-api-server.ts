/**
 * A local HTTP server that serves a dataset like the JSONPlaceholder API (`GET /<resource>`),
 * standing in for the real API in tests and in the local pipeline. Tests inject faults with
 * `intercept`, which may answer a request itself (return true) or let the dataset answer it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Dataset, RESOURCES } from './fixture-dataset';

export type Interceptor = (
  request: IncomingMessage,
  response: ServerResponse,
  context: { resource: string; attempt: number },
) => boolean | Promise<boolean>;

export interface FixtureApiServerOptions {
  /** Dataset to serve; mutable, so tests can change the "source" between runs. */
  readonly dataset: Dataset;
  /** Fault injection hook, called for every request before the dataset answers. */
  readonly intercept?: Interceptor;
  /** @default 0 (a free port) */
  readonly port?: number;
}

export interface FixtureApiServer {
  /** Base URL to use as API_BASE_URL, e.g. `http://127.0.0.1:41234/` */
  readonly url: string;
  /** Requests per path, in order, e.g. `{ '/users': 2 }`. */
  readonly requests: Map<string, number>;
  /** Replace what the dataset serves (e.g. to simulate changes at the source). */
  dataset: Dataset;
  close(): Promise<void>;
}

export async function startFixtureApiServer(options: FixtureApiServerOptions): Promise<FixtureApiServer> {
  const requests = new Map<string, number>();
  const state = { dataset: options.dataset };
  const server: Server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0].replace(/\/+$/, '');
    const attempt = (requests.get(path) ?? 0) + 1;
    requests.set(path, attempt);
    const resource = path.replace(/^\//, '');
    try {
      if (options.intercept && (await options.intercept(request, response, { resource, attempt }))) return;
      if (request.method !== 'GET' || !(RESOURCES as readonly string[]).includes(resource)) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const body = JSON.stringify(state.dataset[resource as keyof Dataset]);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    get dataset() {
      return state.dataset;
    },
    set dataset(value: Dataset) {
      state.dataset = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
