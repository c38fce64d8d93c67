/**
 * The deployable artifact: a deterministic zip of the bundle (lambda/bundle.ts), the one file both
 * the stacks deploy and `npm run bundle` writes to dist/lambda.zip. It is cached by the hash of its
 * inputs, so a synth with unchanged code skips esbuild and the same code always gives the same bytes
 * (and the same `source_code_hash`).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { bundleLambda } from './bundle';
import { createZip } from './zip';

export interface LambdaArtifactOptions {
  /** The repository root: its lambda/, sql/ and package-lock.json are what the bundle is built from. */
  readonly projectRoot: string;
  /**
   * Where zips are kept between runs (`lambda-<inputs hash>.zip`). It must sit directly in the
   * project root: the bundle is built beside it, and its source map names the sources relative to it.
   */
  readonly cacheDir: string;
}

/** Everything the bundle is built from: the function, the schema it embeds, the locked dependencies. */
const BUNDLE_INPUTS = ['lambda', 'sql', 'package-lock.json'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Hash of the bundle's inputs: the cache key that lets unchanged code skip esbuild entirely. */
export function bundleInputsHash(projectRoot: string): string {
  const hash = createHash('sha256');
  for (const file of BUNDLE_INPUTS.flatMap((input) => filesUnder(join(projectRoot, input)))) {
    hash.update(relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Returns the path of the artifact's zip, building it first when its inputs changed. */
export function lambdaArtifact(options: LambdaArtifactOptions): string {
  const target = join(options.cacheDir, `lambda-${bundleInputsHash(options.projectRoot)}.zip`);
  if (!existsSync(target)) {
    const workDir = join(options.cacheDir, `lambda-tmp-${process.pid}`);
    try {
      const { dir } = bundleLambda(workDir);
      const zip = createZip(readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) })));
      // Write then rename: parallel synths (jest workers) never see a half-written zip.
      const partial = `${target}.${process.pid}.partial`;
      mkdirSync(options.cacheDir, { recursive: true });
      writeFileSync(partial, zip);
      renameSync(partial, target);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return target;
}
