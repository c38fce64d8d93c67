/**
 * The plan role must be able to refresh every resource the stacks create: each resource type the
 * real app synthesizes needs its provider reads listed (stacks/constructs/provider-refresh-actions.ts),
 * so adding a resource type fails here until its reads are traced.
 */
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../../stacks/app';
import {
  PLAN_ROLE_EXTRA_READS,
  PROVIDER_REFRESH_ACTIONS,
} from '../../../stacks/constructs/provider-refresh-actions';
import {
  actionMatches,
  allowedActionPatterns,
  allowsAction,
  awsManagedPolicies,
} from '../../harness/aws-managed-policies';

/** Managed resource types of every stack of the app (terraform_data is Terraform's own). */
function synthesizedResourceTypes(): string[] {
  const app = buildApp(Testing.app(), { env: {} });
  const types = new Set<string>();
  for (const stack of app.node.children as TerraformStack[]) {
    const json = JSON.parse(Testing.synth(stack)) as { resource?: Record<string, unknown> };
    for (const type of Object.keys(json.resource ?? {})) if (type !== 'terraform_data') types.add(type);
  }
  return [...types].sort();
}

describe('the provider refresh reads', () => {
  const types = synthesizedResourceTypes();

  it('are listed for every resource type the stacks create, and for nothing else', () => {
    const listed = Object.keys(PROVIDER_REFRESH_ACTIONS).filter((type) => type !== 'provider');
    expect(types.filter((type) => !listed.includes(type))).toEqual([]);
    expect(listed.filter((type) => !types.includes(type))).toEqual([]);
  });

  it('are IAM action names, and the plan role extras are among them', () => {
    const actions = Object.values(PROVIDER_REFRESH_ACTIONS).flat();
    expect(actions.every((action) => /^[a-z0-9-]+:[A-Za-z]+$/.test(action))).toBe(true);
    for (const extra of PLAN_ROLE_EXTRA_READS) expect(actions).toContain(extra);
  });

  it('grants beyond ViewOnlyAccess exactly the refresh reads ViewOnlyAccess does not match', () => {
    const { ViewOnlyAccess: viewOnlyAccess } = awsManagedPolicies(['ViewOnlyAccess']);
    const patterns = allowedActionPatterns(viewOnlyAccess);
    const reads = [...new Set(Object.values(PROVIDER_REFRESH_ACTIONS).flat())];

    const missing = reads.filter((action) => !patterns.some((pattern) => actionMatches(pattern, action)));

    expect({ viewOnlyAccess: viewOnlyAccess.version, missing: missing.sort() }).toEqual({
      viewOnlyAccess: viewOnlyAccess.version,
      missing: [...PLAN_ROLE_EXTRA_READS].sort(),
    });
  });

  it('leave out the data reads ReadOnlyAccess would give a pull request (objects, parameters, log events, messages)', () => {
    const policies = awsManagedPolicies(['ViewOnlyAccess', 'ReadOnlyAccess']);
    const dataReads = [
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'logs:FilterLogEvents',
      'logs:GetLogEvents',
      'logs:StartQuery',
      'rds:DownloadCompleteDBLogFile',
      'rds:DownloadDBLogFilePortion',
      's3:GetObject',
      's3:GetObjectVersion',
      'secretsmanager:GetSecretValue',
      'sqs:ReceiveMessage',
      'ssm:GetParameter',
      'ssm:GetParameters',
      'ssm:GetParametersByPath',
    ];
    const granted = (policy: string, extra: readonly string[]) =>
      dataReads.filter((action) => extra.includes(action) || allowsAction(policies[policy], action));

    // ReadOnlyAccess would: the control that shows these are real actions the check can see.
    expect(granted('ReadOnlyAccess', []).length).toBeGreaterThanOrEqual(12);
    expect(granted('ViewOnlyAccess', PLAN_ROLE_EXTRA_READS)).toEqual([]);
  });
});
