/**
 * Lambda's Invoke in the local cloud over the bridge's HTTP: a deployment package written by the zip
 * writer the stacks deploy with (lambda/zip.ts, deflated entries) run by the data plane's execution
 * environment, answered in Invoke's shape.
 */
import { createHash } from 'node:crypto';
import { createZip } from '../../../../../lambda/zip';
import type { InvokeFunctionResponse } from '../../../../../local/cloud/bridge/contract';
import { httpAccessKeyDirectory } from '../../../../../local/cloud/bridge/mysql-front/access-keys';
import { startBridge, type Bridge } from '../../../../../local/cloud/bridge/server';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../../../../../local/cloud/bridge/tls/certificate-authority';

const SOURCE = `
let invocations = 0;
exports.handler = async (event, context) => {
  invocations += 1;
  console.log('hello from', context.functionName);
  if (event.fail) throw new TypeError('bad input: ' + event.fail);
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  const env = process.env;
  return {
    invocations,
    region: env.AWS_REGION,
    name: env.AWS_LAMBDA_FUNCTION_NAME,
    key: env.AWS_ACCESS_KEY_ID,
    session: env.AWS_SESSION_TOKEN,
    endpoint: env.AWS_ENDPOINT_URL,
    caBundle: env.DB_CA_BUNDLE,
    own: env.OWN_SETTING,
    remainingMs: context.getRemainingTimeInMillis() > 0,
  };
};
`;

describe('Lambda Invoke in the local cloud', () => {
  let ca: CertificateAuthority;
  let bridge: Bridge;
  let zip: Buffer;
  let codeSha256: string;

  const invoke = async (payload: unknown, overrides: Record<string, unknown> = {}) => {
    const response = await fetch(`${bridge.url}/v1/functions/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ingest',
        code: zip.toString('base64'),
        codeSha256,
        handler: 'index.handler',
        runtime: 'nodejs22.x',
        environment: { OWN_SETTING: 'kept' },
        timeoutSeconds: 1,
        memoryMb: 256,
        credentials: { accessKeyId: 'ASIAROLE', secretAccessKey: 'secret', sessionToken: 'session' },
        region: 'eu-west-1',
        payload: JSON.stringify(payload),
        logType: 'Tail',
        ...overrides,
      }),
    });
    return {
      status: response.status,
      body: (await response.json()) as InvokeFunctionResponse & { error?: unknown },
    };
  };

  beforeAll(async () => {
    zip = createZip([{ name: 'index.js', data: Buffer.from(SOURCE) }]);
    codeSha256 = createHash('sha256').update(zip).digest('base64');
    ca = await createCertificateAuthority();
    bridge = await startBridge({
      ca,
      accessKeys: httpAccessKeyDirectory('http://127.0.0.1:9'),
      endpointUrl: 'http://127.0.0.1:4566',
    });
  });

  afterAll(async () => {
    await bridge?.close();
    ca?.dispose();
  });

  it('runs the handler with its environment and what the Lambda runtime sets, and reuses the environment', async () => {
    const first = await invoke({});
    expect(first.status).toBe(200);
    expect(first.body.functionError).toBeUndefined();
    expect(JSON.parse(first.body.payload)).toEqual({
      invocations: 1,
      region: 'eu-west-1',
      name: 'ingest',
      key: 'ASIAROLE',
      session: 'session',
      endpoint: 'http://127.0.0.1:4566',
      caBundle: ca.caFile,
      own: 'kept',
      remainingMs: true,
    });
    const second = await invoke({}, { code: undefined });
    expect(JSON.parse(second.body.payload).invocations).toBe(2);
  });

  it('returns the last 4 KB of the log with START, END and REPORT lines', async () => {
    const { body } = await invoke({});
    const log = Buffer.from(body.logResult!, 'base64').toString('utf8');
    expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST\n/);
    expect(log).toContain('hello from ingest');
    expect(log).toMatch(
      /END RequestId: \S+\nREPORT RequestId: \S+\tDuration: [\d.]+ ms\t.*Memory Size: 256 MB\n$/,
    );
  });

  it('answers a thrown error as FunctionError Unhandled with errorType and errorMessage', async () => {
    const { body } = await invoke({ fail: 'x' });
    expect(body.functionError).toBe('Unhandled');
    expect(JSON.parse(body.payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input: x' });
  });

  it('times out like Lambda and starts a fresh environment afterwards', async () => {
    const { body } = await invoke({ sleepMs: 3000 });
    expect(body.functionError).toBe('Unhandled');
    expect(JSON.parse(body.payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/),
    });
    const next = await invoke({});
    expect(JSON.parse(next.body.payload).invocations).toBe(1);
  });

  it('asks for the code when it does not have it, and refuses code that does not match its hash', async () => {
    const unknown = await invoke({}, { code: undefined, codeSha256: 'AAAA' });
    expect(unknown).toMatchObject({ status: 409, body: { error: { code: 'CodeNotFound' } } });
    const wrong = await invoke({}, { codeSha256: 'AAAA' });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'InvalidParameter' } } });
  });
});
