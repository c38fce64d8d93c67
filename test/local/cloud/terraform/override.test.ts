/**
 * local/cloud/terraform/override.ts: the override written into a local-cloud copy points every service the
 * stack uses at moto, keeps the account guard, and carries only the allowlisted test-copy changes.
 */
import { MOTO_ROUND_TRIP_GAPS, type RoundTripGap } from '../../../../local/cloud/terraform/allowlist';
import {
  assumeRoleStatement,
  endpointFor,
  endpointsFor,
  renderMotoOverride,
} from '../../../../local/cloud/terraform/override';

const credentials = { accessKeyId: 'AKIALOCALCLOUD', secretAccessKey: 'secret', sessionToken: 'token' };
const endpoint = 'http://127.0.0.1:5999';

const stackConfig = {
  provider: { aws: [{ region: 'us-east-1', allowed_account_ids: ['111111111111'] }] },
  data: {
    aws_iam_policy_document: {
      trust: { statement: [{ actions: ['sts:AssumeRoleWithWebIdentity'] }] },
    },
  },
  resource: {
    aws_iam_role: {
      plan: {
        name: 'zero-etl-github-plan',
        assume_role_policy: '${data.aws_iam_policy_document.trust.json}',
      },
      inline: { name: 'inline-trust', assume_role_policy: '{"Version":"2012-10-17"}' },
    },
    aws_rds_cluster: {
      aurora: { deletion_protection: true, lifecycle: { ignore_changes: ['master_password'] } },
    },
    aws_s3_bucket: { state: { bucket: 'state', lifecycle: { prevent_destroy: true } } },
    aws_vpc_security_group_ingress_rule: {
      from_lambda: { referenced_security_group_id: '${aws_security_group.lambda.id}', description: 'MySQL' },
      from_cidr: { cidr_ipv4: '10.0.0.0/16', description: 'Redshift' },
    },
    aws_cloudwatch_log_group: { logs: {} },
    terraform_data: { step: {} },
  },
};

/** Gaps of the kind the allowlist holds (it is empty today: the local cloud answers every round trip). */
const EXAMPLE_GAPS: RoundTripGap[] = [
  { type: 'aws_rds_cluster', attributes: ['scaling_configuration'], moto: 'an example' },
  {
    type: 'aws_vpc_security_group_ingress_rule',
    attributes: ['description'],
    appliesTo: (config) => 'referenced_security_group_id' in config,
    moto: 'an example restricted to rules that reference a group',
  },
];

const render = (options: Partial<Parameters<typeof renderMotoOverride>[1]> = {}) =>
  renderMotoOverride(stackConfig, { endpoint, credentials, roundTripGaps: EXAMPLE_GAPS, ...options });

describe('the moto override', () => {
  it("sends every service the stack uses to moto, and iam and sts always (the account guard's lookup)", () => {
    expect(endpointsFor(stackConfig)).toEqual(['ec2', 'iam', 'logs', 'rds', 's3', 'sts']);
    expect(endpointFor('aws_cloudwatch_log_group')).toBe('logs');
    expect(endpointFor('aws_cloudwatch_event_rule')).toBe('events');
    expect(endpointFor('aws_cloudwatch_metric_alarm')).toBe('cloudwatch');
    expect(endpointFor('aws_iam_policy_document')).toBeUndefined();
    expect(endpointFor('terraform_data')).toBeUndefined();
  });

  it('names the fix for a resource type it has no endpoint for', () => {
    expect(() => endpointFor('aws_dynamodb_table')).toThrow(
      'No provider endpoint is known for aws_dynamodb_table: add its type prefix and the hashicorp/aws "endpoints" key of its service to ENDPOINT_BY_TYPE_PREFIX in local/cloud/terraform/override.ts.',
    );
  });

  it('gives the provider the credentials, few retries and path-style S3, and leaves allowed_account_ids alone', () => {
    const { override } = render();
    const [provider] = (override.provider as { aws: Record<string, unknown>[] }).aws;

    expect(provider).toEqual({
      access_key: 'AKIALOCALCLOUD',
      secret_key: 'secret',
      token: 'token',
      profile: null,
      skip_requesting_account_id: false,
      skip_metadata_api_check: 'true',
      s3_use_path_style: true,
      max_retries: 2,
      endpoints: [
        Object.fromEntries(['ec2', 'iam', 'logs', 'rds', 's3', 'sts'].map((key) => [key, endpoint])),
      ],
    });
    expect(override.terraform).toEqual({ backend: { local: { path: 'terraform.tfstate' } } });
    expect(render({ keepBackend: true }).override.terraform).toBeUndefined();
  });

  it('forgives exactly the allowlisted round-trip gaps, keeping the stack’s own ignore_changes', () => {
    const resources = render().override.resource as Record<string, Record<string, unknown>>;

    expect(resources.aws_rds_cluster.aurora).toEqual({
      lifecycle: { ignore_changes: ['master_password', 'scaling_configuration'] },
    });
    // An entry restricted by appliesTo: only the rule that references a security group.
    expect(Object.keys(resources.aws_vpc_security_group_ingress_rule)).toEqual(['from_lambda']);
    expect(render({ forgiveRoundTripGaps: false }).override.resource).toBeUndefined();
    expect(render({ roundTripGaps: MOTO_ROUND_TRIP_GAPS }).override.resource).toBeUndefined();
  });

  it('lets the local-cloud identity assume a role by extending its trust document, and fails clearly otherwise', () => {
    const { override } = render({
      assumableBy: { roleNames: ['zero-etl-github-plan'], principalArn: 'arn:admin' },
    });

    expect(override.data).toEqual({
      aws_iam_policy_document: { trust: { source_policy_documents: [assumeRoleStatement('arn:admin')] } },
    });
    expect(() => render({ assumableBy: { roleNames: ['missing'], principalArn: 'arn:admin' } })).toThrow(
      'The stack has no aws_iam_role named missing.',
    );
    expect(() => render({ assumableBy: { roleNames: ['inline-trust'], principalArn: 'arn:admin' } })).toThrow(
      /The trust of inline-trust is not a data.aws_iam_policy_document reference/,
    );
  });

  it('lifts deletion protection (to be applied) and prevent_destroy (configuration only)', () => {
    const { override, liftedAddresses } = render({ liftProtection: true });
    const resources = override.resource as Record<string, Record<string, unknown>>;

    expect(liftedAddresses).toEqual(['aws_rds_cluster.aurora']);
    expect(resources.aws_rds_cluster.aurora).toEqual({
      deletion_protection: false,
      apply_immediately: true,
      lifecycle: { ignore_changes: ['master_password', 'scaling_configuration'] },
    });
    expect(resources.aws_s3_bucket.state).toEqual({ lifecycle: { prevent_destroy: false } });
    expect(render().liftedAddresses).toEqual([]);
  });
});
