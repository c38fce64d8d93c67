import { type App } from 'cdktf';
import { ENVIRONMENTS, type EnvironmentConfig } from './config';
import { ZeroEtlStack } from './zero-etl-stack';

/** Adds one stack per environment to `app`. Importable without side effects (no synth). */
export function buildApp(app: App, environments: readonly EnvironmentConfig[] = ENVIRONMENTS): App {
  for (const environment of environments) new ZeroEtlStack(app, environment.name, environment);
  return app;
}
