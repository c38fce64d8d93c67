/**
 * The AWS SDK clients the function uses, as one module: the bundle builds it into `aws-sdk.js` beside
 * `index.js` (lambda/bundle.ts), so cold start never parses the SDK's ~470 KB; the adapters `require`
 * it when they first need it (only `migrate` reads a secret, only IAM authentication signs).
 */
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
export { Signer } from '@aws-sdk/rds-signer';
