import { type App } from 'cdktf';
import { BootstrapStack } from './bootstrap-stack';
import { PROJECT_CONFIG, parseConfig, type BackendEnvironment } from './config';
import { lambdaArtifact } from '../lambda/artifact';
import { GEN_DIR, PROJECT_ROOT } from '../paths';
import { ZeroEtlStack } from './zero-etl-stack';

export interface BuildAppOptions {
  /** Raw configuration. @default PROJECT_CONFIG (stacks/config/environments.ts) */
  readonly config?: unknown;
  /** Backend overrides (ZERO_ETL_BACKEND, …). @default process.env */
  readonly env?: BackendEnvironment;
  /** Zip of the bundled Lambda. @default - the artifact (lambda/artifact.ts), cached in .gen/ */
  readonly bundleZip?: string;
}

/**
 * How the app is synthesized everywhere (main.ts, the local cloud's deploy, the offline plans, the
 * benches and the tests): without cdktf's own validations. The app adds none; cdktf's check that
 * Terraform is 1.4 or newer for `terraform_data` runs `terraform version` once per such resource, and
 * the synthesized `required_version` has Terraform enforce that at every init anyway (stacks/backend.ts).
 */
export const SYNTH_OPTIONS = { skipValidation: true } as const;

/**
 * Adds the `bootstrap` stack and one stack per environment to `app`, after validating the
 * configuration once. Importable without side effects (no synth).
 */
export function buildApp(app: App, options: BuildAppOptions = {}): App {
  const config = parseConfig(options.config ?? PROJECT_CONFIG, options.env ?? process.env);
  new BootstrapStack(app, 'bootstrap', {
    project: config.project,
    config: config.bootstrap,
    backend: config.backend,
    stateKeyPrefix: config.stateKeyPrefix,
    environments: config.environments,
  });
  const bundleZip = options.bundleZip ?? lambdaArtifact({ projectRoot: PROJECT_ROOT, cacheDir: GEN_DIR });
  for (const environment of config.environments) {
    new ZeroEtlStack(app, environment.name, { config: environment, backend: config.backend, bundleZip });
  }
  return app;
}
