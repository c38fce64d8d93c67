// Entry point for `cdktf synth` / `cdktf deploy`: build the app from configuration, then synthesize.
import { App } from 'cdktf';
import { buildApp } from './stacks/app';

buildApp(new App()).synth();
