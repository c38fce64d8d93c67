/**
 * HCP Terraform (Terraform Cloud) prints the run's address while planning remotely:
 * "To view this run in a browser, visit:\nhttps://app.terraform.io/app/<org>/<workspace>/runs/run-…".
 */
const RUN_URL = /https:\/\/[^\s/]+\/app\/[^\s/]+\/[^\s/]+\/runs\/run-[A-Za-z0-9]+/;

/** The remote run's URL found in `terraform plan` output, or undefined for a local run. */
export function findCloudRunUrl(planOutput: string): string | undefined {
  // Strip ANSI colours first: a colourised log splits the URL.
  // eslint-disable-next-line no-control-regex -- ANSI escape sequences start with the ESC character
  const plain = planOutput.replace(/\u001b\[[0-9;]*m/g, '');
  return plain.match(RUN_URL)?.[0];
}
