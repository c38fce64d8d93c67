// The test tiers (`npm run test:<tier>`; `npm test` runs them all). A spec file belongs to the first
// tier whose patterns match its path; `unit` takes the rest, and runs without the shared MariaDB, so
// a spec there that needs a real dependency fails at once ("MYSQL_URL is not set") instead of
// slowing the fast tier down.
const TIERS = {
  // Applies, re-plans and destroys in the local cloud (moto): minutes.
  'local-cloud': [
    /\.local-cloud\.test\.ts$/,
    /^test\/local\/cloud\/(server\/|warm-aws-cli\/|cli\.test\.ts$)/,
  ],
  // Real offline `terraform init` / `plan` / `validate` (and checkov on the plans).
  plan: [
    /\.plan\.test\.ts$/,
    /\.validate\.test\.ts$/,
    /^test\/shared\/(offline-terraform|reattached-provider)\.test\.ts$/,
    /^test\/cli\/plan-offline\//,
    /^test\/cli\/plan-comment\/(dev-stack|render)\.test\.ts$/,
  ],
  // Real MariaDB, HTTP servers on 127.0.0.1, the CLIs and deploy scripts as processes, the scanners
  // and the Python tools (AWS's managed policies as moto ships them).
  e2e: [
    /^test\/stacks\/constructs\/(provider-refresh-actions|workload-roles|environment-policy)\.test\.ts$/,
    /^test\/lambda\/(handler\.|bundle\.test|adapters\/(mysql-database|secrets-manager-sdk)\.test)/,
    /^test\/local\/(dataplane\/(mysql-server|cdc\/replicator)|pipeline\/(cli|pipeline|interrupt))\.test\.ts$/,
    // The local cloud's data plane: clusters on MariaDB behind the TLS front, the bridge's HTTP, openssl.
    /^test\/local\/cloud\/bridge\//,
    /^test\/cli\/(preflight\/preflight\.e2e|bundle\/cli|plan-comment\/github-client)\.test\.ts$/,
    /^test\/(scripts|sql|github)\//,
    /^test\/shared\/(mysql-schema|mysql-connect|python-tools)\.test\.ts$/,
    /^test\/stacks\/config\/aws-regions\.test\.ts$/,
    /^test\/harness\/scripted-aws\.test\.ts$/,
    /^test\/main\.test\.ts$/,
  ],
};

/** The tier of a spec file (its path relative to the repository root). */
function tierOf(relativePath) {
  const path = relativePath.split('\\').join('/');
  const match = Object.entries(TIERS).find(([, patterns]) => patterns.some((pattern) => pattern.test(path)));
  return match ? match[0] : 'unit';
}

const TIER_NAMES = ['unit', ...Object.keys(TIERS)];

module.exports = { TIER_NAMES, tierOf };
