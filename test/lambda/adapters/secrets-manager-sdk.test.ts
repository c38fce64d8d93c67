/**
 * readWithAwsSdk with the real AWS SDK against a fake Secrets Manager endpoint on 127.0.0.1
 * (the only kind of mock the project allows: an AWS API).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readWithAwsSdk } from '../../../lambda/src/adapters/secrets-manager-secret-source';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc';

describe('readWithAwsSdk', () => {
  let server: Server;
  const calls: { target?: string; body: unknown }[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        calls.push({ target: request.headers['x-amz-target'] as string | undefined, body: JSON.parse(text) });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(
          JSON.stringify({
            ARN,
            Name: 'rds!cluster-abc',
            SecretString: '{"username":"admin","password":"pw"}',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake',
      // This machine runs Node 20; the SDK's advice to upgrade is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it('calls GetSecretValue for the ARN and returns the SecretString', async () => {
    const text = await readWithAwsSdk(ARN);

    expect(text).toBe('{"username":"admin","password":"pw"}');
    expect(calls).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: ARN } }]);
  });
});
