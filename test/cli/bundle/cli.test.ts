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

async function bundleCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/bundle/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
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

    const { code, stdout, stderr } = await bundleCli(['--out', out]);

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

  it('writes a relative --out where the user ran npm (INIT_CWD), not in the project root', async () => {
    const { code } = await bundleCli(['--out', 'relative.zip'], { INIT_CWD: dir });

    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'relative.zip')).length).toBeGreaterThan(0);
  }, 120_000);

  it('answers an unknown option with one line (exit 2) and --help with the usage (exit 0)', async () => {
    const unknown = await bundleCli(['--output', 'x.zip']);
    const help = await bundleCli(['--help']);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("bundle: Unknown option '--output' (npm run bundle -- --help)\n");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run bundle \[-- --out <file>\]/);
  });
});
