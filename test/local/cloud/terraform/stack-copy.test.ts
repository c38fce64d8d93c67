/**
 * A stack copy for the local cloud (local/cloud/terraform/stack-copy.ts): its terraform runs get an
 * environment with no CA bundle of the machine's, so every command, `destroy` included, runs with one
 * AWS provider process (shared/reattached-provider.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MotoStack } from '../../../../local/cloud/terraform/stack-copy';
import { reattachable, reconfigurable } from '../../../../shared/reattached-provider';

describe('a stack copy for the local cloud', () => {
  let stackDir: string;
  let stack: MotoStack;
  beforeAll(() => {
    stackDir = mkdtempSync(join(tmpdir(), 'zero-etl-stack-copy-spec-'));
    writeFileSync(
      join(stackDir, 'cdk.tf.json'),
      JSON.stringify({
        provider: { aws: [{ region: 'eu-west-1' }] },
        resource: { aws_sns_topic: { topic: { name: 'stack-copy-spec' } } },
      }),
    );
    stack = MotoStack.create('stack-copy-spec', stackDir, {
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'AKIASTACKCOPYSPEC000', secretAccessKey: 'secret' },
    });
  });
  afterAll(() => {
    stack?.remove();
    rmSync(stackDir, { recursive: true, force: true });
  });

  it("gives terraform none of the machine's CA bundles, so one provider process serves destroy too", () => {
    const machine = process.env;
    process.env = { ...machine, AWS_CA_BUNDLE: '/etc/proxy-ca.pem', AWS_CONFIG_FILE: '/root/.aws/config' };
    try {
      const env = stack.environment();

      expect(env.AWS_CA_BUNDLE).toBeUndefined();
      expect(reconfigurable(env, stack.configuration)).toBe(true);
      expect(reattachable(['destroy', '-auto-approve', '-input=false'], env, { reconfigurable: true })).toBe(
        true,
      );
    } finally {
      process.env = machine;
    }
  });
});
