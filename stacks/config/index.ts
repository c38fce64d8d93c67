export { ConfigValidationError } from './errors';
export {
  parseConfig,
  stateKeyAlias,
  type BackendEnvironment,
  type BackendSettings,
  type BootstrapConfig,
  type EnvironmentConfig,
  type ProjectConfigInput,
} from './validate';
export { PROJECT_CONFIG } from './environments';
