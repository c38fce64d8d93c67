// Entry point for `cdktf synth` / `cdktf deploy` (cdktf.json's `app`, run through tsx): build the app
// from configuration, then synthesize.
// cdktf's synth-time validations start `terraform version` once per terraform_data resource (six
// child processes, a third of synth time); the stacks declare `required_version` instead, which
// Terraform itself enforces on every init, plan and apply. Tests synthesize with validations on.
import type * as Cdktf from 'cdktf';
import type * as StacksApp from './stacks/app';

// tsx turns on Node's source maps, so Node would decode the inline map of every module synth loads
// (cdktf, the provider): a third of synth time (docs/benchmarks.md), for stack traces synth does not
// print. Imports run before any statement, hence `require` after this line.
process.setSourceMapsEnabled(false);
/* eslint-disable @typescript-eslint/no-require-imports */
const { App } = require('cdktf') as typeof Cdktf;
const { buildApp } = require('./stacks/app') as typeof StacksApp;
/* eslint-enable @typescript-eslint/no-require-imports */

buildApp(new App({ skipValidation: true })).synth();
