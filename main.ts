// Entry point for `cdktf synth` / `cdktf deploy`: build the app from configuration, then synthesize.
// cdktf's synth-time validations start `terraform version` once per terraform_data resource (six
// child processes, a third of synth time); the stacks declare `required_version` instead, which
// Terraform itself enforces on every init, plan and apply. Tests synthesize with validations on.
import { App } from 'cdktf';
import { buildApp } from './stacks/app';

buildApp(new App({ skipValidation: true })).synth();
