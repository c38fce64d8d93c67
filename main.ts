// Entry point for `npm run synth` and `cdktf synth` / `cdktf deploy` (cdktf.json's `app`, run through
// tsx): build the app from configuration, then synthesize.
// cdktf's synth-time validations start `terraform version` once per terraform_data resource (six
// child processes, a third of synth time); the stacks declare `required_version` instead, which
// Terraform itself enforces on every init, plan and apply. Tests synthesize with validations on.
import type * as Cdktf from 'cdktf';
import type * as StacksApp from './stacks/app';
import type * as ConfigErrors from './stacks/config/errors';

// tsx turns on Node's source maps, so Node would decode the inline map of every module synth loads
// (cdktf, the provider): a third of synth time (docs/benchmarks.md), for stack traces synth does not
// print. Imports run before any statement, hence `require` after this line.
process.setSourceMapsEnabled(false);

const USAGE = `Usage: npm run synth [-- --help]

Synthesizes the Terraform of the bootstrap stack and every environment in the configuration
(stacks/config/environments.ts) into cdktf.out/stacks/<stack>/cdk.tf.json. The same program is
cdktf.json's app, so \`cdktf synth\`, \`cdktf diff\` and \`cdktf deploy\` run it too.

Environment: ZERO_ETL_BACKEND (local | s3 | cloud) and the backend variables in
docs/infrastructure.md#state-backends; CDKTF_OUTDIR overrides the output folder.
Exit status: 0 synthesized, 1 the configuration is invalid (every problem named with its fix),
2 usage error.`;

function main(args: readonly string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(`synth: unknown argument ${args[0]}; it takes none (see npm run synth -- --help)\n`);
    return 2;
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('cdktf') as typeof Cdktf;
  const { buildApp, SYNTH_OPTIONS } = require('./stacks/app') as typeof StacksApp;
  const { ConfigError } = require('./stacks/config/errors') as typeof ConfigErrors;
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    buildApp(new App({ ...SYNTH_OPTIONS })).synth();
    return 0;
  } catch (error) {
    // A configuration mistake is the user's to fix: its message names every field and the fix; the
    // stack trace (of minified code, under tsx) would only bury it.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
