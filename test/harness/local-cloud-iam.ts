/**
 * The IAM answers the local cloud's Python side gives the data plane (LOCAL_CLOUD_ROUTES in
 * local/cloud/bridge/contract.ts), served by a real HTTP server on 127.0.0.1 from a table of access
 * keys and allowed (principal, action, resource) triples, so the bridge is tested through the same
 * HTTP client it uses against the local cloud.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AccessKeyAnswer, AuthorizeRequest } from '../../local/cloud/bridge/contract';

export interface IamStandIn {
  readonly url: string;
  /** Requests seen, e.g. `GET /moto-api/local-cloud/v1/access-keys/AKIA…`. */
  readonly requests: string[];
  addKey(key: AccessKeyAnswer): void;
  allow(request: AuthorizeRequest): void;
  deny(request: AuthorizeRequest): void;
  close(): Promise<void>;
}

const grantKey = (request: AuthorizeRequest) =>
  `${request.principalArn} ${request.action} ${request.resource}`;

export async function startIamStandIn(): Promise<IamStandIn> {
  const keys = new Map<string, AccessKeyAnswer>();
  const grants = new Set<string>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const keyMatch = /^\/moto-api\/local-cloud\/v1\/access-keys\/([^/]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && keyMatch) {
      const key = keys.get(decodeURIComponent(keyMatch[1]));
      return key ? send(200, key) : send(404, { error: { code: 'NoSuchEntity', message: 'unknown key' } });
    }
    if (request.method === 'POST' && request.url === '/moto-api/local-cloud/v1/authorize') {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () =>
        send(200, { allowed: grants.has(grantKey(JSON.parse(body) as AuthorizeRequest)) }),
      );
      return;
    }
    send(404, { error: { code: 'NotFound', message: `${request.method} ${request.url}` } });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addKey: (key) => keys.set(key.accessKeyId, key),
    allow: (request) => grants.add(grantKey(request)),
    deny: (request) => grants.delete(grantKey(request)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
