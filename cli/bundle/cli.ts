/**
 * `npm run bundle [-- --out <file>]`: writes the ingestion Lambda's deployable zip to
 * dist/lambda.zip (or `<file>`): byte for byte the artifact the stacks deploy (lambda/artifact.ts),
 * with its `CodeSha256` to compare with `aws lambda get-function --query Configuration.CodeSha256`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { LAMBDA_HANDLER } from '../../lambda/bundle';
import { lambdaArtifact } from '../../lambda/artifact';
import { DIST_DIR, GEN_DIR, PROJECT_ROOT } from '../../paths';
import { userPath } from '../../shared/user-path';

const USAGE = `Usage: npm run bundle [-- --out <file>]

Writes the ingestion Lambda's deployable zip (the artifact the stacks deploy) to <file>, relative to
where you run it (default: dist/lambda.zip), and prints its size, handler and CodeSha256.
Exit status: 0 written, 2 usage error.`;

function main(): number {
  let out: string;
  try {
    const { values } = parseArgs({
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    out = values.out ? userPath(values.out) : `${DIST_DIR}/lambda.zip`;
  } catch (error) {
    // One line: Node's message names the option; the usage is one --help away.
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    console.error(`bundle: ${message} (npm run bundle -- --help)`);
    return 2;
  }
  const started = performance.now();
  const artifact = lambdaArtifact({ projectRoot: PROJECT_ROOT, cacheDir: GEN_DIR });
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(artifact, out);
  const zip = readFileSync(out);
  console.log(
    `${out}: ${zip.length.toLocaleString('en-US')} bytes in ${(performance.now() - started).toFixed(0)} ms`,
  );
  console.log(`  handler:    ${LAMBDA_HANDLER}`);
  console.log(`  CodeSha256: ${createHash('sha256').update(zip).digest('base64')}`);
  return 0;
}

process.exitCode = main();
