/** The bootstrap stack (state bucket, GitHub OIDC, plan/apply roles), planned once offline. */
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import {
  configured,
  onlyPlanned,
  planStack,
  planWithoutProviderConfig,
  planned,
  policyDocumentAddress,
  policyStatements,
  references,
  secretLikeValues,
  type PlannedStack,
} from '../harness/stack-plans';
import { checkovSpecification } from '../harness/checkov';
import { type Json } from '../harness/json';

const { bootstrap } = PROJECT_CONFIG;
const repo = `repo:${bootstrap.github.owner}/${bootstrap.github.repository}`;

let bootstrapPlan: Promise<PlannedStack>;
beforeAll(() => {
  // Planned once for this file: the specifications below and checkov share it.
  bootstrapPlan = planStack('bootstrap');
  bootstrapPlan.catch(() => undefined);
});

describe('bootstrap stack, planned offline', () => {
  let stack: PlannedStack;
  beforeAll(async () => {
    stack = await bootstrapPlan;
  }, 240_000);

  const statementsOf = (resourceType: string, attribute: string, match: RegExp) => {
    const resource = planned(stack, resourceType).find((r) => match.test(r.address))!;
    const document = policyDocumentAddress(stack, resource.address, attribute);
    return policyStatements(stack)
      .filter((s) => s.document === document)
      .map((s) => s.statement);
  };

  it('validates and plans only creations', () => {
    expect(stack.result.validation.valid).toBe(true);
    expect(
      (stack.result.plan.resource_changes ?? [])
        .filter((change) => !change.address.startsWith('data.'))
        .every((change) => change.change.actions.join() === 'create'),
    ).toBe(true);
  });

  it('reads no data source that calls AWS (only IAM policy documents)', () => {
    const resources = (stack.result.plan.configuration as Json).root_module.resources as Json[];
    const dataTypes = new Set(resources.filter((r) => r.mode === 'data').map((r) => r.type));
    expect([...dataTypes]).toEqual(['aws_iam_policy_document']);
  });

  it('creates a versioned, KMS-encrypted, never-public state bucket that refuses plain HTTP', () => {
    expect(onlyPlanned(stack, 'aws_s3_bucket').values.bucket).toBe(bootstrap.stateBucket);
    expect(onlyPlanned(stack, 'aws_s3_bucket_versioning').values.versioning_configuration).toEqual([
      expect.objectContaining({ status: 'Enabled' }),
    ]);
    const encryption = onlyPlanned(stack, 'aws_s3_bucket_server_side_encryption_configuration');
    const rule = (encryption.values as Json).rule[0];
    expect(rule.apply_server_side_encryption_by_default[0].sse_algorithm).toBe('aws:kms');
    expect(rule.bucket_key_enabled).toBe(true);
    const key = onlyPlanned(stack, 'aws_kms_key');
    expect(key.values.enable_key_rotation).toBe(true);
    expect(JSON.stringify(configured(stack, encryption.address).expressions)).toContain(`${key.address}.arn`);
    expect(onlyPlanned(stack, 'aws_kms_alias').values.name).toBe('alias/zero-etl-tfstate');
    expect(onlyPlanned(stack, 'aws_s3_bucket_public_access_block').values).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const [deny] = statementsOf('aws_s3_bucket_policy', 'policy', /.*/);
    expect(deny.effect).toBe('Deny');
    expect(deny.condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
  });

  it('expires previous state versions after the configured days and sends object events to EventBridge', () => {
    const [rule] = (onlyPlanned(stack, 'aws_s3_bucket_lifecycle_configuration').values as Json).rule;
    expect(rule.status).toBe('Enabled');
    expect(rule.noncurrent_version_expiration).toEqual([
      expect.objectContaining({
        noncurrent_days: parseConfig(PROJECT_CONFIG, {}).bootstrap.stateVersionRetentionDays,
      }),
    ]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(onlyPlanned(stack, 'aws_s3_bucket_notification').values.eventbridge).toBe(true);
  });

  it('lets the apply role encrypt and decrypt the state, the plan role only decrypt, with the state key only', () => {
    const key = onlyPlanned(stack, 'aws_kms_key').address;
    const expected: Array<[RegExp, string[]]> = [
      [/plan/, ['kms:Decrypt']],
      [/apply/, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']],
    ];
    for (const [role, actions] of expected) {
      const kms = statementsOf('aws_iam_role_policy', 'policy', role).filter((s) =>
        s.actions.some((a) => a.startsWith('kms:')),
      );
      expect(kms.map((s) => s.actions)).toEqual([actions]);
      const document = planned(stack, 'aws_iam_role_policy').find((r) => role.test(r.address))!;
      const policy = configured(stack, policyDocumentAddress(stack, document.address, 'policy'));
      expect(JSON.stringify(policy.expressions)).toContain(`${key}.arn`);
    }
  });

  it('registers GitHub Actions as an OIDC provider for STS', () => {
    expect(onlyPlanned(stack, 'aws_iam_openid_connect_provider').values).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  it('trusts the plan role for pull requests only, and gives it read-only access plus the state', () => {
    const [trust] = statementsOf('aws_iam_role', 'assume_role_policy', /_plan_/);
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    const subject = trust.condition.find((c) => c.variable.endsWith(':sub'))!;
    expect(subject).toEqual({
      test: 'StringEquals',
      variable: 'token.actions.githubusercontent.com:sub',
      values: [`${repo}:pull_request`],
    });
    const attachments = planned(stack, 'aws_iam_role_policy_attachment').map((a) => a.values.policy_arn);
    expect(attachments).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });

  it('trusts the apply role only for the main branch and the protected environment', () => {
    const [trust] = statementsOf('aws_iam_role', 'assume_role_policy', /_apply_/);
    const subject = trust.condition.find((c) => c.variable.endsWith(':sub'))!;
    expect(subject.values).toEqual([`${repo}:ref:refs/heads/main`, `${repo}:environment:production`]);
    const audience = trust.condition.find((c) => c.variable.endsWith(':aud'))!;
    expect(audience.values).toEqual(['sts.amazonaws.com']);
  });

  it('gives the plan role read-only state: a pull request cannot write or delete it', () => {
    const statements = statementsOf('aws_iam_role_policy', 'policy', /plan/);
    const s3 = statements.flatMap((s) => s.actions).filter((action) => action.startsWith('s3:'));
    expect(s3.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it('gives the plan role the refresh reads ReadOnlyAccess lacks (redshift:GetResourcePolicy)', () => {
    const statements = statementsOf('aws_iam_role_policy', 'policy', /plan/);
    const extra = statements.find((s) => s.actions.includes('redshift:GetResourcePolicy'));
    expect(extra?.effect).toBe('Allow');
  });

  it("scopes the apply role's IAM rights to the environments' roles, which the GitHub roles are not", () => {
    const statements = statementsOf('aws_iam_role_policy', 'policy', /apply/);
    const allowed = statements.filter(
      (s) => s.effect === 'Allow' && s.actions.some((a) => a.startsWith('iam:')),
    );
    const environments = parseConfig(PROJECT_CONFIG, {}).environments;
    const workloadRoles = environments.map(
      (environment) => `arn:aws:iam::${bootstrap.accountId}:role/${environment.namePrefix}-*`,
    );
    expect(allowed.map((s) => s.resources)).toEqual(allowed.map(() => workloadRoles));
    const roles = planned(stack, 'aws_iam_role').map((role) => role.values.name as string);
    expect(roles).toEqual(['zero-etl-github-apply', 'zero-etl-github-plan']);
    const matches = (pattern: string, arn: string) => arn.startsWith(pattern.replace(/\*$/, ''));
    for (const name of roles) {
      const arn = `arn:aws:iam::${bootstrap.accountId}:role/${name}`;
      expect(workloadRoles.filter((pattern) => matches(pattern, arn))).toEqual([]);
    }
    // The stacks pass their roles to the Lambda, to RDS Enhanced Monitoring and to VPC flow logs only.
    const pass = statements.find((s) => s.actions.includes('iam:PassRole'))!;
    expect(pass.condition).toEqual([
      {
        test: 'StringEquals',
        variable: 'iam:PassedToService',
        values: [
          'lambda.amazonaws.com',
          'monitoring.rds.amazonaws.com',
          'rds.amazonaws.com',
          'vpc-flow-logs.amazonaws.com',
        ],
      },
    ]);
  });

  it('lets the apply role create a role or give it rights only with its own policy as the boundary', () => {
    // The boundary is PowerUserAccess, the apply role's own: a role it creates can never exceed it.
    const applyPolicies = planned(stack, 'aws_iam_role_policy_attachment')
      .filter((attachment) => /apply/.test(attachment.address))
      .map((attachment) => attachment.values.policy_arn);
    expect(applyPolicies).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess']);
    const statements = statementsOf('aws_iam_role_policy', 'policy', /apply/);
    const granting = [
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:PutRolePermissionsBoundary',
      'iam:AttachRolePolicy',
    ];
    for (const action of granting) {
      const grants = statements.filter((s) => s.effect === 'Allow' && s.actions.includes(action));
      expect(grants).toHaveLength(1);
      expect(grants[0].condition).toContainEqual({
        test: 'StringEquals',
        variable: 'iam:PermissionsBoundary',
        values: applyPolicies,
      });
    }
    const attach = statements.find((s) => s.actions.includes('iam:AttachRolePolicy'))!;
    expect(attach.condition).toContainEqual({
      test: 'ArnEquals',
      variable: 'iam:PolicyARN',
      values: ['arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
    });
    const removal = statements.find(
      (s) =>
        s.actions.includes('iam:DeleteRolePermissionsBoundary') && s.resources.every((r) => r.endsWith('-*')),
    )!;
    expect(removal.effect).toBe('Deny');
  });

  it('denies the apply role any change to the GitHub roles and their OIDC provider', () => {
    const statements = statementsOf('aws_iam_role_policy', 'policy', /apply/);
    const deny = statements.find((s) => s.sid === 'NeverChangeTheGithubRoles')!;
    expect(deny.effect).toBe('Deny');
    expect(deny.actions).toEqual(
      expect.arrayContaining([
        'iam:AttachRolePolicy',
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:DeleteRole',
        'iam:PutRolePermissionsBoundary',
        'iam:DeleteRolePermissionsBoundary',
        'iam:UpdateRoleDescription',
        'iam:UpdateOpenIDConnectProviderThumbprint',
      ]),
    );
    const document = configured(
      stack,
      policyDocumentAddress(
        stack,
        planned(stack, 'aws_iam_role_policy').find((p) => /apply/.test(p.address))!.address,
        'policy',
      ),
    );
    const expressions = JSON.stringify(document.expressions);
    for (const resource of [
      'aws_iam_role.github_plan_',
      'aws_iam_role.github_apply_',
      'aws_iam_openid_connect_provider.',
    ]) {
      expect(expressions).toContain(resource);
    }
  });

  it('grants no wildcard IAM actions and holds no secret values', () => {
    const wildcards = policyStatements(stack).flatMap((s) =>
      s.statement.actions.filter((a) => a.includes('*')),
    );
    expect(wildcards).toEqual([]);
    expect(secretLikeValues(stack.synthesized)).toEqual([]);
    expect(secretLikeValues(planWithoutProviderConfig(stack))).toEqual([]);
  });

  it('outputs the values the GitHub repository variables need', () => {
    expect(Object.keys(stack.result.plan.output_changes as object)).toEqual(
      expect.arrayContaining(['plan_role_arn', 'apply_role_arn', 'state_bucket']),
    );
    const bucket = onlyPlanned(stack, 'aws_s3_bucket').address;
    expect(references(configured(stack, bucket), 'bucket')).toEqual([]);
  });
});

checkovSpecification(['bootstrap'], async () => [await bootstrapPlan]);
