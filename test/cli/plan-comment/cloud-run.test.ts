import { findCloudRunUrl } from '../../../cli/plan-comment/cloud-run';

describe('the HCP Terraform run link', () => {
  it('finds the HCP Terraform run URL in remote plan output, even when colourised', () => {
    // Arrange
    const output = [
      'Running plan in HCP Terraform. Output will stream here. Pressing Ctrl-C',
      'will stop streaming the logs, but will not stop the plan running remotely.',
      '',
      'To view this run in a browser, visit:',
      '\u001b[1mhttps://app.terraform.io/app/acme/zero-etl-dev/runs/run-AbC123xYz\u001b[0m',
    ].join('\n');

    // Act + Assert
    expect(findCloudRunUrl(output)).toBe('https://app.terraform.io/app/acme/zero-etl-dev/runs/run-AbC123xYz');
    expect(findCloudRunUrl('Plan: 1 to add, 0 to change, 0 to destroy.')).toBeUndefined();
  });
});
