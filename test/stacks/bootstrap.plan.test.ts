/** The bootstrap stack (state bucket, GitHub OIDC, plan/apply roles), planned once offline. */
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import {
  configured,
  onlyPlanned,
  planStack,
  planWithoutProviderConfig,
  planned,
  policyDocumentAddress,
  policyDocumentJson,
  policyStatements,
  references,
  secretLikeValues,
  type PlannedStack,
} from '../harness/stack-plans';
import { checkovSpecification } from '../harness/checkov';
import { evaluatePolicies, type PolicyRequest } from '../harness/iam-policy-engine';
import { type Json } from '../harness/json';
import { PROVIDER_REFRESH_ACTIONS } from '../../stacks/constructs/provider-refresh-actions';

const { bootstrap } = PROJECT_CONFIG;
const repo = `repo:${bootstrap.github.owner}/${bootstrap.github.repository}`;
/** The state key's ARN, which the plan cannot know (the key's id is AWS's). */
const STATE_KEY = `arn:aws:kms:${bootstrap.region}:${bootstrap.accountId}:key/state-key`;
/** The tag the bootstrap stack's resources carry (the state key's among them). */
const BOOTSTRAP_TAG = { 'aws:ResourceTag/Environment': 'bootstrap' };

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
    // Every action on the bucket and its objects, as AWS Config's s3-bucket-ssl-requests-only expects.
    expect(deny.actions).toEqual(['s3:*']);
    expect(deny.principals).toEqual([{ type: 'AWS', identifiers: ['*'] }]);
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

  /** A role's policy documents, as IAM JSON for moto's engine; the state key's ARN is only known after apply. */
  const documentOf = (resourceType: string, match: RegExp, attribute = 'policy') =>
    policyDocumentJson(
      stack,
      policyDocumentAddress(
        stack,
        planned(stack, resourceType).find((r) => match.test(r.address))!.address,
        attribute,
      ),
      STATE_KEY,
    );
  /** What moto's engine decides for each request, against the apply role of `environment` (its environment policy and its inline policy). */
  const applyRoleDecides = (environment: string, requests: PolicyRequest[]) =>
    evaluatePolicies(
      [
        documentOf('aws_iam_policy', new RegExp(`boundary-${environment}_`)),
        documentOf('aws_iam_role_policy', new RegExp(`apply-${environment}-iam-and-state`)),
      ],
      requests,
    );
  const decided = (requests: PolicyRequest[], decisions: string[]) =>
    requests.map((request, index) => `${request.action} ${request.resource}: ${decisions[index]}`);

  it('lets the apply roles encrypt and decrypt the state, the plan role only decrypt, with the state key only', () => {
    const key = onlyPlanned(stack, 'aws_kms_key').address;
    const expected: Array<[RegExp, string[]]> = [
      [/plan-state/, ['kms:Decrypt']],
      [/apply-dev-iam/, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']],
      [/apply-prod-iam/, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']],
    ];
    for (const [role, actions] of expected) {
      const kms = statementsOf('aws_iam_role_policy', 'policy', role).filter(
        (s) =>
          s.effect === 'Allow' && !s.resources.includes('*') && s.actions.some((a) => a.startsWith('kms:')),
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

  it('trusts the plan role for pull requests and the drift check only, with ViewOnlyAccess, never ReadOnlyAccess', () => {
    const [trust] = statementsOf('aws_iam_role', 'assume_role_policy', /_plan_/);
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    const subject = trust.condition.find((c) => c.variable.endsWith(':sub'))!;
    expect(subject).toEqual({
      test: 'StringEquals',
      variable: 'token.actions.githubusercontent.com:sub',
      values: [`${repo}:pull_request`, `${repo}:environment:drift`],
    });
    const attachments = planned(stack, 'aws_iam_role_policy_attachment')
      .filter((a) => /plan/.test(a.address))
      .map((a) => a.values.policy_arn);
    expect(attachments).toEqual(['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']);
  });

  it('makes one apply role per environment: prod trusted only by the production environment, dev only by main', () => {
    const roles = planned(stack, 'aws_iam_role').map((role) => role.values.name as string);
    expect(roles.sort()).toEqual([
      'zero-etl-github-apply-dev',
      'zero-etl-github-apply-prod',
      'zero-etl-github-plan',
    ]);
    const subjects = (environment: string) => {
      const [trust] = statementsOf(
        'aws_iam_role',
        'assume_role_policy',
        new RegExp(`_apply-${environment}_`),
      );
      expect(trust.condition.find((c) => c.variable.endsWith(':aud'))!.values).toEqual(['sts.amazonaws.com']);
      return trust.condition.find((c) => c.variable.endsWith(':sub'))!.values;
    };
    expect(subjects('prod')).toEqual([`${repo}:environment:production`]);
    expect(subjects('dev')).toEqual([`${repo}:ref:refs/heads/main`]);
    // No subject any job can request trusts two roles: a push to main never gets prod's role.
    expect(subjects('dev')).not.toContain(`${repo}:environment:production`);
  });

  it("limits each apply role's state writes to its own state key and lock file (moto's policy engine)", () => {
    const object = (key: string) => `arn:aws:s3:::${bootstrap.stateBucket}/zero-etl/${key}`;
    for (const [own, other] of [
      ['dev', 'prod'],
      ['prod', 'dev'],
    ]) {
      const requests: PolicyRequest[] = [
        { action: 's3:PutObject', resource: object(`${own}.tfstate`) },
        { action: 's3:GetObject', resource: object(`${own}.tfstate`) },
        { action: 's3:PutObject', resource: object(`${own}.tfstate.tflock`) },
        { action: 's3:DeleteObject', resource: object(`${own}.tfstate.tflock`) },
        { action: 's3:PutObject', resource: object(`${other}.tfstate`) },
        { action: 's3:GetObject', resource: object(`${other}.tfstate`) },
        { action: 's3:DeleteObject', resource: object(`${other}.tfstate.tflock`) },
        { action: 's3:PutObject', resource: object('bootstrap.tfstate') },
        { action: 's3:DeleteObject', resource: object('bootstrap.tfstate') },
        { action: 's3:DeleteObjectVersion', resource: object(`${own}.tfstate`) },
      ];
      expect(decided(requests, applyRoleDecides(own, requests))).toEqual(
        decided(requests, [
          'allowed',
          'allowed',
          'allowed',
          'allowed',
          'denied',
          'denied',
          'denied',
          'denied',
          'denied',
          'denied',
        ]),
      );
    }
  });

  it("denies the apply roles any change to the state bucket's settings and any administration of the state key", () => {
    const bucket = `arn:aws:s3:::${bootstrap.stateBucket}`;
    const alias = `arn:aws:kms:${bootstrap.region}:${bootstrap.accountId}:alias/zero-etl-tfstate`;
    const requests: PolicyRequest[] = [
      ...[
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutLifecycleConfiguration',
        's3:PutEncryptionConfiguration',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketOwnershipControls',
        's3:PutBucketNotification',
        's3:DeleteBucket',
      ].map((action) => ({ action, resource: bucket })),
      ...[
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'kms:CreateGrant',
      ].map((action) => ({ action, resource: STATE_KEY, context: BOOTSTRAP_TAG })),
      { action: 'kms:DeleteAlias', resource: alias },
      { action: 'kms:UpdateAlias', resource: alias },
      // What the S3 backend needs from the key stays allowed.
      { action: 'kms:GenerateDataKey', resource: STATE_KEY, context: BOOTSTRAP_TAG },
      { action: 'kms:Decrypt', resource: STATE_KEY, context: BOOTSTRAP_TAG },
      { action: 's3:ListBucket', resource: bucket },
    ];
    const expected = requests.map((_, index) => (index < requests.length - 3 ? 'denied' : 'allowed'));
    for (const environment of ['dev', 'prod']) {
      expect(decided(requests, applyRoleDecides(environment, requests))).toEqual(decided(requests, expected));
    }
  });

  it("keeps each apply role out of the other environment's resources by name (moto's policy engine)", () => {
    const arn = (service: string, resource: string) =>
      `arn:aws:${service}:${bootstrap.region}:${bootstrap.accountId}:${resource}`;
    const requestsFor = (environment: string): PolicyRequest[] => {
      // What each resource carries: the Environment tag, and for IAM the boundary the call sets.
      const tagged = { 'aws:ResourceTag/Environment': environment };
      const bounded = {
        'iam:PermissionsBoundary': `arn:aws:iam::${bootstrap.accountId}:policy/zero-etl-${environment}-permissions-boundary`,
      };
      const named: Array<[string, string]> = [
        ['rds:ModifyDBCluster', arn('rds', `cluster:zero-etl-${environment}-aurora`)],
        ['rds:DeleteDBInstance', arn('rds', `db:zero-etl-${environment}-aurora-1`)],
        ['lambda:InvokeFunction', arn('lambda', `function:zero-etl-${environment}-migrate`)],
        ['logs:DeleteLogGroup', arn('logs', `log-group:/aws/lambda/zero-etl-${environment}-ingest`)],
        [
          'logs:DeleteLogGroup',
          arn('logs', `log-group:/aws/rds/cluster/zero-etl-${environment}-aurora/audit`),
        ],
        ['logs:PutRetentionPolicy', arn('logs', `log-group:/aws/vpc/zero-etl-${environment}/flow-logs`)],
        ['events:DisableRule', arn('events', `rule/zero-etl-${environment}-ingest-schedule`)],
        ['cloudwatch:DeleteAlarms', arn('cloudwatch', `alarm:zero-etl-${environment}-integration-lag`)],
        ['sns:SetTopicAttributes', arn('sns', `zero-etl-${environment}-alarms`)],
        ['sqs:PurgeQueue', arn('sqs', `zero-etl-${environment}-ingest-failures`)],
        ['kms:DeleteAlias', arn('kms', `alias/zero-etl-${environment}`)],
        // Addressed by id, so denied by the tag: a key, the Redshift Serverless namespace, a subnet.
        ['kms:ScheduleKeyDeletion', arn('kms', 'key/0f0e0d0c-1111')],
        ['redshift-serverless:DeleteNamespace', arn('redshift-serverless', 'namespace/9b2f4c1e-2222')],
        ['ec2:DeleteSubnet', arn('ec2', 'subnet/subnet-0abc')],
      ];
      return [
        ...named.map(([action, resource]) => ({ action, resource, context: tagged })),
        {
          action: 'iam:PutRolePolicy',
          resource: `arn:aws:iam::${bootstrap.accountId}:role/zero-etl-${environment}-ingest-role`,
          context: bounded,
        },
        {
          action: 'iam:PassRole',
          resource: `arn:aws:iam::${bootstrap.accountId}:role/zero-etl-${environment}-flow-logs`,
        },
      ];
    };
    for (const [own, other] of [
      ['dev', 'prod'],
      ['prod', 'dev'],
    ]) {
      const ownRequests = requestsFor(own);
      const otherRequests = requestsFor(other);
      expect(decided(ownRequests, applyRoleDecides(own, ownRequests))).toEqual(
        decided(
          ownRequests,
          ownRequests.map(() => 'allowed'),
        ),
      );
      // Name-scoped services are denied outright; IAM is never granted on the other's roles.
      expect(decided(otherRequests, applyRoleDecides(own, otherRequests))).toEqual(
        decided(
          otherRequests,
          otherRequests.map((request) => (request.action.startsWith('iam:') ? 'not allowed' : 'denied')),
        ),
      );
    }
  });

  it("scopes each apply role's IAM rights to its own environment's roles, within its own environment's boundary", () => {
    for (const environment of parseConfig(PROJECT_CONFIG, {}).environments) {
      const statements = statementsOf(
        'aws_iam_role_policy',
        'policy',
        new RegExp(`apply-${environment.name}-iam`),
      );
      const allowed = statements.filter(
        (s) => s.effect === 'Allow' && s.actions.some((a) => a.startsWith('iam:')),
      );
      const ownRoles = `arn:aws:iam::${bootstrap.accountId}:role/${environment.namePrefix}-*`;
      const flowLogsRole = `arn:aws:iam::${bootstrap.accountId}:role/${environment.namePrefix}-flow-logs`;
      expect(allowed.map((s) => s.resources)).toEqual(
        allowed.map((s) => (s.sid === 'PassTheFlowLogsRole' ? [flowLogsRole] : [ownRoles])),
      );
      const boundary = `arn:aws:iam::${bootstrap.accountId}:policy/${environment.namePrefix}-permissions-boundary`;
      for (const action of [
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:AttachRolePolicy',
      ]) {
        const grants = statements.filter((s) => s.effect === 'Allow' && s.actions.includes(action));
        expect(grants).toHaveLength(1);
        expect(grants[0].condition).toContainEqual({
          test: 'StringEquals',
          variable: 'iam:PermissionsBoundary',
          values: [boundary],
        });
      }
      // The role holds exactly that boundary policy: a role it creates can never exceed it.
      const attached = planned(stack, 'aws_iam_role_policy_attachment').filter((a) =>
        new RegExp(`apply-${environment.name}-environment-policy`).test(a.address),
      );
      expect(attached).toHaveLength(1);
      expect(
        JSON.stringify(configured(stack, attached[0].address).expressions.policy_arn.references),
      ).toContain(`aws_iam_policy.github_boundary-${environment.name}_`);
      expect(
        planned(stack, 'aws_iam_policy').find(
          (p) => p.values.name === `${environment.namePrefix}-permissions-boundary`,
        ),
      ).toBeDefined();
      const attach = statements.find((s) => s.actions.includes('iam:AttachRolePolicy'))!;
      expect(attach.condition).toContainEqual({
        test: 'ArnEquals',
        variable: 'iam:PolicyARN',
        values: ['arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
      });
      const removal = statements.find((s) => s.actions.includes('iam:DeleteRolePermissionsBoundary'))!;
      expect(removal).toMatchObject({ effect: 'Deny', resources: [ownRoles] });
    }
  });

  it('passes the Lambda and Enhanced Monitoring roles only to their services, and the flow-log role by name', () => {
    const statements = statementsOf('aws_iam_role_policy', 'policy', /apply-dev-iam/);
    const passes = statements.filter((s) => s.actions.includes('iam:PassRole'));
    expect(passes.map((s) => [s.sid, s.condition])).toEqual([
      [
        'PassWorkloadRolesToTheirServices',
        [
          {
            test: 'StringEquals',
            variable: 'iam:PassedToService',
            values: ['lambda.amazonaws.com', 'monitoring.rds.amazonaws.com', 'rds.amazonaws.com'],
          },
        ],
      ],
      // AWS documents no iam:PassedToService value for CreateFlowLogs.
      ['PassTheFlowLogsRole', []],
    ]);
  });

  it('denies every apply role any change to the GitHub roles, their OIDC provider and the boundary policies', () => {
    const iam = (resource: string) => `arn:aws:iam::${bootstrap.accountId}:${resource}`;
    const requests: PolicyRequest[] = [
      ...['zero-etl-github-plan', 'zero-etl-github-apply-dev', 'zero-etl-github-apply-prod'].flatMap((role) =>
        ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole'].map(
          (action) => ({ action, resource: iam(`role/${role}`) }),
        ),
      ),
      {
        action: 'iam:UpdateOpenIDConnectProviderThumbprint',
        resource: iam('oidc-provider/token.actions.githubusercontent.com'),
      },
      ...['dev', 'prod'].flatMap((environment) =>
        ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'].map((action) => ({
          action,
          resource: iam(`policy/zero-etl-${environment}-permissions-boundary`),
        })),
      ),
    ];
    for (const environment of ['dev', 'prod']) {
      expect(decided(requests, applyRoleDecides(environment, requests))).toEqual(
        decided(
          requests,
          requests.map(() => 'denied'),
        ),
      );
    }
  });

  it("gives the plan role every refresh read and the environments' state, never data: no object, parameter, log event or message", () => {
    const planDecides = (requests: PolicyRequest[]) =>
      evaluatePolicies([documentOf('aws_iam_role_policy', /plan-state/)], requests, ['ViewOnlyAccess']);
    const reads = [...new Set(Object.values(PROVIDER_REFRESH_ACTIONS).flat())].sort();
    const readRequests = reads.map((action) => ({ action, resource: '*' }));
    expect(decided(readRequests, planDecides(readRequests))).toEqual(
      decided(
        readRequests,
        readRequests.map(() => 'allowed'),
      ),
    );

    const object = (key: string) => `arn:aws:s3:::${bootstrap.stateBucket}/zero-etl/${key}`;
    const requests: PolicyRequest[] = [
      { action: 's3:GetObject', resource: object('dev.tfstate') },
      { action: 's3:GetObject', resource: object('prod.tfstate') },
      { action: 'kms:Decrypt', resource: STATE_KEY },
      { action: 's3:GetObject', resource: object('bootstrap.tfstate') },
      { action: 's3:PutObject', resource: object('dev.tfstate') },
      { action: 's3:PutObject', resource: object('dev.tfstate.tflock') },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::some-application-bucket/customers.csv' },
      {
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:${bootstrap.region}:${bootstrap.accountId}:key/another-key`,
      },
      ...[
        'ssm:GetParameter',
        'ssm:GetParametersByPath',
        'secretsmanager:GetSecretValue',
        'logs:GetLogEvents',
        'logs:FilterLogEvents',
        'rds:DownloadDBLogFilePortion',
        'sqs:ReceiveMessage',
        'dynamodb:Scan',
        'lambda:InvokeFunction',
        'redshift-data:ExecuteStatement',
      ].map((action) => ({ action, resource: '*' })),
    ];
    expect(decided(requests, planDecides(requests))).toEqual(
      decided(
        requests,
        requests.map((_, index) => (index < 3 ? 'allowed' : 'not allowed')),
      ),
    );
  });

  it('grants no wildcard action but the copy of PowerUserAccess, and holds no secret values', () => {
    const wildcards = policyStatements(stack)
      .filter((s) => s.statement.effect === 'Allow')
      .flatMap((s) => s.statement.actions.filter((a) => a.includes('*')));
    expect(wildcards).toEqual([]);
    const notActions = policyStatements(stack).filter((s) => s.statement.not_actions?.length);
    expect(
      notActions.map((s) => [s.statement.effect, s.statement.not_actions, s.statement.resources]),
    ).toEqual(notActions.map(() => ['Allow', ['account:*', 'iam:*', 'organizations:*'], ['*']]));
    expect(secretLikeValues(stack.synthesized)).toEqual([]);
    expect(secretLikeValues(planWithoutProviderConfig(stack))).toEqual([]);
  });

  it('names the service of every resource ARN in every policy (IAM refuses a wildcard there)', () => {
    const resources = policyStatements(stack).flatMap((s) => s.statement.resources.filter(Boolean));
    expect(resources.length).toBeGreaterThan(30);
    expect(
      resources.filter((resource) => resource !== '*' && !/^arn:aws:[a-z0-9-]+:/.test(resource)),
    ).toEqual([]);
  });

  it('outputs the values the GitHub repository variables need, one apply role per environment', () => {
    expect(Object.keys(stack.result.plan.output_changes as object)).toEqual(
      expect.arrayContaining(['plan_role_arn', 'apply_role_arn_dev', 'apply_role_arn_prod', 'state_bucket']),
    );
    expect(Object.keys(stack.result.plan.output_changes as object)).not.toContain('apply_role_arn');
    const bucket = onlyPlanned(stack, 'aws_s3_bucket').address;
    expect(references(configured(stack, bucket), 'bucket')).toEqual([]);
  });
});

checkovSpecification(['bootstrap'], async () => [await bootstrapPlan]);
