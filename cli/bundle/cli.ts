/**
 * `npm run bundle`: bundles the ingestion Lambda into dist/lambda/ and zips it into dist/lambda.zip,
 * printing the sizes. The infrastructure does the same at synth time through `bundleLambda`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLambda } from '../../lambda/bundle';
import { DIST_DIR as DIST } from '../../paths';

function main(): void {
  const outDir = join(DIST, 'lambda');
  const zipPath = join(DIST, 'lambda.zip');
  rmSync(outDir, { recursive: true, force: true });
  rmSync(zipPath, { force: true });

  const started = performance.now();
  const bundle = bundleLambda(outDir);
  const elapsed = performance.now() - started;

  const files = readdirSync(bundle.dir).sort();
  // -X: no extra file attributes; -j: flat paths, so the handler is `index.handler`.
  const zip = spawnSync('zip', ['-q', '-X', '-j', zipPath, ...files.map((file) => join(bundle.dir, file))], {
    stdio: 'inherit',
  });
  if (zip.error || zip.status !== 0) {
    throw new Error(
      `zip failed (${zip.error?.message ?? `exit ${zip.status}`}): install it with \`sudo apt-get install zip\``,
    );
  }

  console.log(`bundled in ${elapsed.toFixed(0)} ms into ${bundle.dir}`);
  for (const file of files) console.log(`  ${file.padEnd(20)} ${kib(statSync(join(bundle.dir, file)).size)}`);
  console.log(`${zipPath}: ${kib(statSync(zipPath).size)} (handler: index.handler)`);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en-US')} bytes)`;

main();
