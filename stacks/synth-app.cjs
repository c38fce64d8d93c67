// cdktf.json's `app`: runs main.ts from an esbuild bundle cached in .gen/synth/, rebuilt only when
// one of its input files changed. Plain `node` then skips tsx's loader (~0.2 s) and the per-file
// transpile, which is most of a synth once the provider is imported by subpath. No type-checking
// here: `npm run typecheck` does that.
'use strict';
const { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, '.gen', 'synth');
const BUNDLE = join(OUT_DIR, 'main.cjs');
const INPUTS = join(OUT_DIR, 'inputs.json');

const fingerprint = (file) => {
  const stat = statSync(join(ROOT, file), { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
};

function upToDate() {
  if (!existsSync(BUNDLE) || !existsSync(INPUTS)) return false;
  const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
  return Object.entries(inputs).every(([file, print]) => fingerprint(file) === print);
}

// Bundled modules keep their own __dirname (stacks/paths.ts and lambda/bundle.ts locate files by it).
const keepDirname = {
  name: 'keep-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))),
      loader: 'ts',
    }));
  },
};

async function rebuild() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
    plugins: [keepDirname],
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) inputs[file] = fingerprint(file);
  writeFileSync(INPUTS, JSON.stringify(inputs));
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  if (!upToDate()) await rebuild();
  require(BUNDLE);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
