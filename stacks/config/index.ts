export { ConfigError, ConfigValidationError, type ConfigIssue } from './errors';
export {
  parseConfig,
  resolveBackend,
  stateKeyAlias,
  type BackendEnvironment,
  type BackendSettings,
  type BootstrapConfig,
  type EnvironmentConfig,
  type ProjectConfig,
  type ProjectConfigInput,
} from './validate';
export { PROJECT_CONFIG } from './environments';
