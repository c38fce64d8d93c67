/**
 * The bridge: the data plane's HTTP JSON API for the local cloud's Python side (routes and bodies in
 * contract.ts), on 127.0.0.1 only. Thin: each route parses its body, calls the data plane and maps
 * its errors to `{ error: { code, message } }` with a status.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BRIDGE_API_VERSION, type BridgeErrorBody, type BridgeErrorCode } from './contract';
import { ClusterError } from './clusters/cluster';
import { DataPlane, DataPlaneError, type DataPlaneOptions } from './data-plane';

const STATUS: Record<BridgeErrorCode, number> = {
  BadRequest: 400,
  InvalidParameter: 400,
  NotFound: 404,
  Conflict: 409,
  CodeNotFound: 409,
  StartFailed: 500,
  Internal: 500,
};

const MAX_BODY_BYTES = 300 * 1024 * 1024;

export interface Bridge {
  /** `http://127.0.0.1:<port>`: what LOCAL_CLOUD_BRIDGE_URL holds. */
  readonly url: string;
  readonly dataPlane: DataPlane;
  /** Stops listening, then stops everything the data plane started. */
  close(): Promise<void>;
}

type Handler = (body: Record<string, unknown>, params: string[]) => Promise<unknown>;

class BadRequestError extends Error {}

function required<T>(body: Record<string, unknown>, name: string, type: 'string' | 'object'): T {
  const value = body[name];
  if (typeof value !== type || value === null) throw new BadRequestError(`${name} (${type}) is required`);
  return value as T;
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestError('the body is too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new BadRequestError(`the body is not a JSON object: ${(error as Error).message}`);
  }
}

export async function startBridge(options: DataPlaneOptions & { readonly port?: number }): Promise<Bridge> {
  const dataPlane = new DataPlane(options);
  const v = `/${BRIDGE_API_VERSION}`;
  const routes: [string, RegExp, Handler][] = [
    ['POST', new RegExp(`^${v}/clusters$`), (body) => dataPlane.createCluster(body as never)],
    [
      'POST',
      new RegExp(`^${v}/clusters/([^/]+)/reboot$`),
      (body, [id]) => dataPlane.rebootCluster(id, { parameters: required(body, 'parameters', 'object') }),
    ],
    [
      'PUT',
      new RegExp(`^${v}/clusters/([^/]+)/parameters$`),
      (body, [id]) =>
        dataPlane.applyClusterParameters(id, { parameters: required(body, 'parameters', 'object') }),
    ],
    ['DELETE', new RegExp(`^${v}/clusters/([^/]+)$`), (_, [id]) => dataPlane.deleteCluster(id)],
    ['POST', new RegExp(`^${v}/functions/invoke$`), (body) => dataPlane.invokeFunction(body as never)],
    ['POST', new RegExp(`^${v}/namespaces$`), (body) => dataPlane.createNamespace(body as never)],
    ['DELETE', new RegExp(`^${v}/namespaces/([^/]+)$`), (_, [name]) => dataPlane.deleteNamespace(name)],
    ['POST', new RegExp(`^${v}/integrations$`), async (body) => dataPlane.createIntegration(body as never)],
    [
      'GET',
      new RegExp(`^${v}/integrations/([^/]+)$`),
      async (_, [id]) => dataPlane.integration(id).describe(),
    ],
    [
      'PATCH',
      new RegExp(`^${v}/integrations/([^/]+)$`),
      (body, [id]) => dataPlane.modifyIntegration(id, { dataFilter: required(body, 'dataFilter', 'string') }),
    ],
    ['DELETE', new RegExp(`^${v}/integrations/([^/]+)$`), (_, [id]) => dataPlane.deleteIntegration(id)],
    ['POST', new RegExp(`^${v}/statements$`), async (body) => dataPlane.submitStatement(body as never)],
    ['GET', new RegExp(`^${v}/statements/([^/]+)$`), async (_, [id]) => dataPlane.describeStatement(id)],
  ];
  const required_fields: Record<string, string[]> = {
    [`POST ${v}/clusters`]: [
      'clusterId',
      'resourceId',
      'region',
      'accountId',
      'masterUsername',
      'masterPassword',
    ],
    [`POST ${v}/namespaces`]: ['namespace', 'adminUsername'],
    [`POST ${v}/functions/invoke`]: ['functionArn', 'codeSha256', 'handler', 'runtime', 'region', 'payload'],
    [`POST ${v}/integrations`]: ['integrationId', 'integrationName', 'sourceClusterId', 'namespace'],
    [`POST ${v}/statements`]: ['statementId', 'namespace', 'database', 'dbUser'],
  };

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const fail = (response: ServerResponse, code: BridgeErrorCode, message: string) =>
    send(response, STATUS[code], { error: { code, message } } satisfies BridgeErrorBody);

  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://bridge').pathname;
      const route = routes.find(([method, pattern]) => method === request.method && pattern.test(path));
      if (!route) return fail(response, 'NotFound', `no route ${request.method} ${path}`);
      try {
        const body = await readBody(request);
        for (const name of required_fields[`${request.method} ${path}`] ?? []) required(body, name, 'string');
        const params = route[1].exec(path)!.slice(1).map(decodeURIComponent);
        const result = await route[2](body, params);
        const created = request.method === 'POST' && !path.endsWith('/invoke') && !path.endsWith('/reboot');
        send(response, result === undefined ? 204 : created ? 201 : 200, result);
      } catch (error) {
        if (error instanceof BadRequestError) return fail(response, 'BadRequest', error.message);
        if (error instanceof DataPlaneError) return fail(response, error.code, error.message);
        if (error instanceof ClusterError) return fail(response, 'StartFailed', error.message);
        options.log?.(`bridge: ${request.method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
        fail(response, 'Internal', (error as Error).message);
      }
    })();
  });
  // Idle keep-alive connections stay open: a server closing one while the client reuses it is a reset
  // request (ECONNRESET); `close()` ends them all.
  server.keepAliveTimeout = 0;
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dataPlane,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await dataPlane.close();
    },
  };
}
