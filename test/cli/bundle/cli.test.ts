/**
 * `npm run bundle`: dist/lambda.zip is byte for byte the zip the stacks deploy, and its CodeSha256
 * is the one Lambda reports for that code.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Testing, type TerraformStack } from 'cdktf';
import { PROJECT_ROOT as ROOT } from '../../../paths';
import { buildApp } from '../../../stacks/app';
import { type Json } from '../../harness/json';
import { synthStackDir } from '../../harness/terraform';

async function bundleCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/bundle/cli.ts', ...args], {
    cwd: ROOT,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('npm run bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the zip the stacks deploy, byte for byte, and prints its CodeSha256', async () => {
    const out = join(dir, 'lambda.zip');

    const { code, stdout, stderr } = await bundleCli('--out', out);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const written = readFileSync(out);
    const stack = synthStackDir(buildApp(Testing.app(), { env: {} }).node.findChild('dev') as TerraformStack);
    const functions: Json[] = Object.values(
      JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8')).resource.aws_lambda_function,
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) expect(readFileSync(join(stack, fn.filename)).equals(written)).toBe(true);
    expect(stdout).toContain('handler:    index.handler');
    expect(stdout).toContain(`CodeSha256: ${createHash('sha256').update(written).digest('base64')}`);
  }, 120_000);

  it('answers an unknown option with its usage', async () => {
    const { code, stderr } = await bundleCli('--output', 'x.zip');

    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--output'");
    expect(stderr).toContain('usage: npm run bundle [-- --out <file>]');
  });
});
