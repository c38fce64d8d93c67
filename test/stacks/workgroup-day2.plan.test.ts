/**
 * Day 2 of the Redshift workgroup, with real terraform: after the first apply AWS returns a config
 * parameter provider 5.100.0 refuses in configuration (enable_large_strings_opt_in). A plan against
 * that state must be clean; without ignore_changes every plan would "update" config_parameter and
 * AWS would reject the update. The state is the creation plan applied on paper (moto has no Redshift
 * Serverless), plus that one parameter, as AWS reports it.
 */
import { type App, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Redshift } from '../../stacks/constructs/redshift';
import { type Json, type KnownAfterApply, stateFromCreationPlan } from '../harness/paper-state';
import { planOffline, synthStackDir } from '../harness/terraform';

const ACCOUNT = '123456789012';
const NAMESPACE_ARN = `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:namespace/5f0c6a2e-0000-4000-8000-000000000001`;
const KNOWN: KnownAfterApply = {
  aws_redshiftserverless_namespace: {
    admin_password_secret_arn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:redshift!zero-etl-day2-admin-AbCdEf`,
    arn: NAMESPACE_ARN,
    default_iam_role_arn: '',
    iam_roles: [],
    id: 'zero-etl-day2',
    log_exports: [],
    namespace_id: '5f0c6a2e-0000-4000-8000-000000000001',
    tags_all: {},
  },
  aws_redshiftserverless_workgroup: {
    arn: `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:workgroup/6a1d7b3f-0000-4000-8000-000000000002`,
    endpoint: [
      {
        address: `zero-etl-day2.${ACCOUNT}.us-east-1.redshift-serverless.amazonaws.com`,
        port: 5439,
        vpc_endpoint: [],
      },
    ],
    id: 'zero-etl-day2',
    max_capacity: 0,
    price_performance_target: [],
    tags_all: {},
    track_name: 'current',
    workgroup_id: '6a1d7b3f-0000-4000-8000-000000000002',
  },
  // Its document is rendered from the namespace ARN during the plan; what it holds is not the point here.
  aws_redshift_resource_policy: { id: NAMESPACE_ARN, policy: '{}', resource_arn: NAMESPACE_ARN },
};

class Day2Stack extends TerraformStack {
  readonly redshift: Redshift;
  constructor(scope: App, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'us-east-1' });
    this.redshift = new Redshift(this, 'redshift', {
      namePrefix: 'zero-etl-day2',
      accountId: ACCOUNT,
      baseCapacity: 8,
      adminUsername: 'zeroetl_admin',
      subnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'],
      securityGroupIds: ['sg-0redshift'],
      kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f0e0d0c-0000-4000-8000-00000000000a`,
      sourceClusterArn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:zero-etl-day2-aurora`,
      enhancedVpcRouting: false,
    });
  }
}

/** The paper state, with the parameter AWS adds on its own in the workgroup's config_parameter. */
async function deployedState(stackDir: string): Promise<Record<string, Json>> {
  const { plan } = await planOffline(stackDir);
  const state = stateFromCreationPlan(plan, KNOWN, '0d2a7e4c-0000-4000-8000-0000000000d2');
  for (const resource of state.resources as Array<Record<string, Json>>) {
    if (resource.type !== 'aws_redshiftserverless_workgroup') continue;
    const attributes = (resource.instances as Array<{ attributes: Record<string, Json[]> }>)[0].attributes;
    attributes.config_parameter = [
      ...attributes.config_parameter,
      { parameter_key: 'enable_large_strings_opt_in', parameter_value: 'false' },
    ];
  }
  return state;
}

const actionsByType = (changes: Array<{ type: string; mode?: string; change: { actions: string[] } }>) =>
  Object.fromEntries(
    changes
      .filter((change) => change.mode !== 'data')
      .map((change) => [change.type, change.change.actions.join('+')]),
  );

describe('the workgroup after its first apply', () => {
  let state: Record<string, Json>;
  beforeAll(async () => {
    state = await deployedState(synthStackDir(new Day2Stack(Testing.app(), 'day2')));
  }, 120_000);

  it('plans no change although AWS returns enable_large_strings_opt_in (K2)', async () => {
    const stackDir = synthStackDir(new Day2Stack(Testing.app(), 'day2'));

    const { plan } = await planOffline(stackDir, { priorState: state });

    expect(actionsByType(plan.resource_changes ?? [])).toMatchObject({
      aws_redshiftserverless_namespace: 'no-op',
      aws_redshiftserverless_workgroup: 'no-op',
    });
  }, 120_000);

  it('would plan an update of config_parameter on every run without ignore_changes (the defect)', async () => {
    const stack = new Day2Stack(Testing.app(), 'day2');
    stack.redshift.workgroup.lifecycle = undefined;
    const stackDir = synthStackDir(stack);

    const { plan } = await planOffline(stackDir, { priorState: state });

    expect(actionsByType(plan.resource_changes ?? []).aws_redshiftserverless_workgroup).toBe('update');
  }, 120_000);
});
