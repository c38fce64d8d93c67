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
import { bundleLambda } from '../lambda/bundle';
import { GEN_DIR, PROJECT_ROOT } from '../paths';
import { createZip } from './zip';

/** Everything the bundle is built from: the function, the schema it embeds, the locked dependencies. */
const BUNDLE_INPUTS = ['lambda', 'sql', 'package-lock.json'];

let bundleZip: string | undefined;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Hash of the bundle's inputs: the cache key that lets unchanged code skip esbuild entirely. */
export function bundleInputsHash(root: string = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  for (const file of BUNDLE_INPUTS.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Returns a deterministic zip of the bundled ingestion Lambda, shared by every stack. It is
 * rebuilt only when lambda/, sql/ or package-lock.json change (`.gen/lambda-<inputs hash>.zip`);
 * the bundle is written at a fixed depth inside the project so its source map is the same on
 * every machine.
 */
export function ingestBundleZip(): string {
  if (bundleZip !== undefined) return bundleZip;
  const target = join(GEN_DIR, `lambda-${bundleInputsHash()}.zip`);
  if (!existsSync(target)) {
    const workDir = join(GEN_DIR, `lambda-tmp-${process.pid}`);
    try {
      const { dir } = bundleLambda(workDir);
      const zip = createZip(readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) })));
      // Write then rename: parallel synths (jest workers) never see a half-written zip.
      const partial = `${target}.${process.pid}.partial`;
      mkdirSync(GEN_DIR, { recursive: true });
      writeFileSync(partial, zip);
      renameSync(partial, target);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  bundleZip = target;
  return target;
}
