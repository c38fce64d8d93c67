/**
 * Integrations that are not ready fail at apply the way AWS fails them: the provider waits while the
 * integration is `creating`, then reports it `failed` with its Errors, whose messages name the fix.
 * A destroy then removes them (the provider taints a failed create); nothing is left in the state.
 */
import { type TerraformRun } from '../../../local/cloud/terraform/stack-copy';
import { MINUTES, outcome, type Tier } from './tier';
import { type UnreadyArns } from './unready-integrations';

interface Applied {
  readonly apply: TerraformRun;
  readonly arns: UnreadyArns;
  readonly destroy: TerraformRun;
  readonly state: string[];
}

/** Terraform wraps diagnostics at 80 columns: compare the text with its whitespace folded. */
const folded = (run: TerraformRun) => run.output.replace(/\s+/g, ' ');

/** The provider's diagnostic for an integration create that ended `failed`: summary, resource, detail up to the error code. */
const failedCreate = (resource: string, code: string) =>
  new RegExp(
    `Error: waiting for RDS Integration \\(arn:aws:rds:[a-z0-9-]+:\\d{12}:integration:[0-9a-f-]+\\) create with aws_rds_integration\\.${resource}, .* unexpected state 'failed', wanted target 'active'\\. last error: ${code}: `,
  );

export function specifyIntegrationPreconditions(tier: Tier): void {
  const { milestones } = tier;

  describe('an integration whose source or target is not ready, applied in the local cloud', () => {
    it(
      'fails when the source cluster lacks a required binlog parameter, naming it and the fix',
      async () => {
        const { apply } = await milestones.wait<Applied>('preconditions.applied');

        expect(apply.code).toBe(1);
        expect(folded(apply)).toMatch(failedCreate('source_without_row_format', 'InvalidSourceParameters'));
        expect(folded(apply)).toContain(
          "last error: InvalidSourceParameters: The DB cluster parameter group zero-etl-unready-row-format-params of source cluster zero-etl-unready-row-format does not meet zero-ETL's requirements: binlog_format must be ROW (A3), the group does not set it. Set these values in the cluster's custom parameter group, reboot the writer, and recreate the integration.",
        );
      },
      10 * MINUTES,
    );

    it(
      'fails when the target namespace has no resource policy for it, naming what to grant and how',
      async () => {
        const { apply, arns } = await milestones.wait<Applied>('preconditions.applied');

        expect(folded(apply)).toMatch(failedCreate('target_without_policy', 'IntegrationNotAuthorized'));
        expect(folded(apply)).toContain(
          `an authorized integration source: redshift:AuthorizeInboundIntegration for redshift.amazonaws.com with aws:SourceArn = ${arns.readySource}`,
        );
        expect(folded(apply)).toContain(
          'add them with redshift PutResourcePolicy on the namespace ARN, then recreate the integration.',
        );
      },
      10 * MINUTES,
    );

    it(
      'leaves failed integrations a destroy removes, with nothing left in the state',
      async () => {
        const { destroy, state } = await milestones.wait<Applied>('preconditions.applied');

        expect(outcome(destroy)).toBe('exit 0');
        expect(state).toEqual([]);
      },
      10 * MINUTES,
    );
  });
}
