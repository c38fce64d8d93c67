/**
 * Configurations of our own for the four resource types the local cloud adds, covering the ground
 * hashicorp/terraform-provider-aws's acceptance tests cover for them (the arguments and the
 * combinations they exercise: internal/service/redshiftserverless/namespace_test.go and
 * workgroup_test.go, internal/service/redshift/resource_policy_test.go,
 * internal/service/rds/integration_test.go). Each is applied, planned again (no changes), updated
 * when the provider's test has an update step, and destroyed with provider 5.100.0.
 *
 * Sources and targets an integration needs but does not test (an Aurora cluster with the zero-ETL
 * parameters, a VPC's subnets) are made through the AWS SDK before the apply (fixtures.ts): the
 * provider's waiters for clusters are fixed 30-second delays that prove nothing about integrations.
 */
import { type Json } from '../../../harness/json';
import { type Fixtures } from './fixtures';

export interface FidelityCase {
  readonly name: string;
  readonly type: 'namespace' | 'workgroup' | 'resource-policy' | 'integration';
  /** Which of the provider's acceptance tests it mirrors. */
  readonly mirrors: string;
  readonly resources: (f: Fixtures, name: string) => Json;
  /** A second configuration applied in place, as the provider's update steps do. */
  readonly update?: (f: Fixtures, name: string) => Json;
  /**
   * A case provider 5.100.0 cannot pass against AWS either: the changes its second plan shows
   * (`address: actions (attributes)`), and why. The specification pins exactly these.
   */
  readonly cannotPass?: { readonly secondPlan: readonly string[]; readonly why: string };
}

const namespace = (name: string, extra: Json = {}) => ({
  aws_redshiftserverless_namespace: { test: { namespace_name: name, ...extra } },
});

const workgroup = (name: string, extra: Json = {}) => ({
  ...namespace(name),
  aws_redshiftserverless_workgroup: {
    test: {
      namespace_name: '${aws_redshiftserverless_namespace.test.namespace_name}',
      workgroup_name: name,
      ...extra,
    },
  },
});

/** Two roles Redshift may assume, for the namespace's iam_roles. */
const roles = (name: string) => ({
  aws_iam_role: Object.fromEntries(
    [0, 1].map((index) => [
      `test${index}`,
      {
        name: `${name}-${index}`,
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: ['redshift-serverless.amazonaws.com', 'redshift.amazonaws.com'] },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      },
    ]),
  ),
});

/** The resource policy R3 needs, for `target` (a namespace ARN) and `source` (a cluster ARN). */
function integrationPolicy(f: Fixtures, target: string, source: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${f.account}:root` },
        Action: 'redshift:CreateInboundIntegration',
        Resource: target,
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'redshift.amazonaws.com' },
        Action: 'redshift:AuthorizeInboundIntegration',
        Resource: target,
        Condition: { StringEquals: { 'aws:SourceArn': source } },
      },
    ],
  });
}

/** A target ready for integrations from the fixture cluster: case-sensitive workgroup, resource policy. */
const integrationTarget = (f: Fixtures, name: string) => ({
  ...workgroup(name, {
    base_capacity: 8,
    subnet_ids: f.subnetIds,
    config_parameter: [{ parameter_key: 'enable_case_sensitive_identifier', parameter_value: 'true' }],
    lifecycle: { ignore_changes: ['config_parameter'] },
  }),
  aws_redshift_resource_policy: {
    test: {
      resource_arn: '${aws_redshiftserverless_namespace.test.arn}',
      policy: integrationPolicy(f, '${aws_redshiftserverless_namespace.test.arn}', f.clusterArn),
    },
  },
});

const integrationDependsOn = [
  'aws_redshiftserverless_namespace.test',
  'aws_redshiftserverless_workgroup.test',
  'aws_redshift_resource_policy.test',
];

const K2 =
  'AWS returns every config parameter, enable_large_strings_opt_in included, which provider 5.100.0 ' +
  'refuses in configuration (K2): a workgroup that declares its parameters plans a config_parameter ' +
  'update every time; the stacks set them at creation, ignore them afterwards and keep them with the ' +
  'sync-workgroup-parameters step';

export const CASES: readonly FidelityCase[] = [
  // --- aws_redshiftserverless_namespace (namespace_test.go) ---
  {
    name: 'namespace-basic',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_basic',
    resources: (_, n) => namespace(n),
  },
  {
    name: 'namespace-iam-roles',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_basic (updated) and _defaultIAMRole',
    resources: (_, n) => ({ ...roles(n), ...namespace(n) }),
    update: (_, n) => ({
      ...roles(n),
      ...namespace(n, {
        iam_roles: ['${aws_iam_role.test0.arn}', '${aws_iam_role.test1.arn}'],
        default_iam_role_arn: '${aws_iam_role.test0.arn}',
      }),
    }),
  },
  {
    name: 'namespace-admin-password',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_user',
    resources: (_, n) => namespace(n, { admin_username: 'admin', admin_user_password: 'Password123' }),
  },
  {
    name: 'namespace-password-write-only',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_userPasswordWriteOnly',
    resources: (_, n) =>
      namespace(n, {
        admin_username: 'admin',
        admin_user_password_wo: 'Password123',
        admin_user_password_wo_version: 1,
      }),
    update: (_, n) =>
      namespace(n, {
        admin_username: 'admin',
        admin_user_password_wo: 'Password123updated',
        admin_user_password_wo_version: 2,
      }),
  },
  {
    name: 'namespace-managed-password',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_manageAdminPassword (with the stacks’ KMS keys)',
    resources: (f, n) =>
      namespace(n, {
        admin_username: 'admin',
        db_name: 'dev',
        manage_admin_password: true,
        admin_password_secret_kms_key_id: f.kmsKeyArn,
        kms_key_id: f.kmsKeyArn,
      }),
  },
  {
    name: 'namespace-tags',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_tags',
    resources: (_, n) => namespace(n, { tags: { key1: 'value1' } }),
    update: (_, n) => namespace(n, { tags: { key1: 'value1updated', key2: 'value2' } }),
  },
  {
    name: 'namespace-log-exports',
    type: 'namespace',
    mirrors: 'the namespace schema’s log_exports',
    resources: (_, n) => namespace(n, { log_exports: ['userlog', 'connectionlog', 'useractivitylog'] }),
  },
  {
    name: 'namespace-with-workgroup',
    type: 'namespace',
    mirrors: 'TestAccRedshiftServerlessNamespace_withWorkgroup',
    resources: (_, n) => ({
      ...roles(n),
      ...workgroup(n),
      aws_redshiftserverless_namespace: {
        test: {
          namespace_name: n,
          iam_roles: ['${aws_iam_role.test0.arn}', '${aws_iam_role.test1.arn}'],
          default_iam_role_arn: '${aws_iam_role.test0.arn}',
        },
      },
    }),
  },

  // --- aws_redshiftserverless_workgroup (workgroup_test.go) ---
  {
    name: 'workgroup-basic',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_basic',
    resources: (_, n) => workgroup(n),
  },
  {
    name: 'workgroup-base-capacity',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_baseCapacity',
    resources: (_, n) => workgroup(n, { base_capacity: 128 }),
    update: (_, n) => workgroup(n, { base_capacity: 256 }),
  },
  {
    name: 'workgroup-base-and-max-capacity',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_baseAndMaxCapacity and _maxCapacity',
    resources: (_, n) => workgroup(n, { base_capacity: 64, max_capacity: 128 }),
    update: (_, n) => workgroup(n, { base_capacity: 128, max_capacity: 256 }),
  },
  {
    name: 'workgroup-publicly-accessible',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_publiclyAccessible',
    resources: (_, n) => workgroup(n, { publicly_accessible: false }),
    update: (_, n) => workgroup(n, { publicly_accessible: true }),
  },
  {
    name: 'workgroup-port',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_port',
    resources: (_, n) => workgroup(n, { port: 8191 }),
  },
  {
    name: 'workgroup-track-name',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_trackName',
    resources: (_, n) => workgroup(n, { track_name: 'current' }),
  },
  {
    name: 'workgroup-tags',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_tags',
    resources: (_, n) => workgroup(n, { tags: { key1: 'value1' } }),
    update: (_, n) => workgroup(n, { tags: { key2: 'value2' } }),
  },
  {
    name: 'workgroup-network',
    type: 'workgroup',
    mirrors:
      'the stacks’ private workgroup: subnets in three zones, security groups, enhanced VPC routing off',
    resources: (f, n) =>
      workgroup(n, {
        base_capacity: 8,
        subnet_ids: f.subnetIds,
        security_group_ids: [f.securityGroupId],
        enhanced_vpc_routing: false,
        publicly_accessible: false,
      }),
  },
  {
    name: 'workgroup-config-parameters',
    type: 'workgroup',
    mirrors: 'TestAccRedshiftServerlessWorkgroup_configParameters',
    resources: (_, n) =>
      workgroup(n, {
        config_parameter: Object.entries({
          datestyle: 'ISO, MDY',
          enable_user_activity_logging: 'true',
          query_group: 'default',
          search_path: '$user, public',
          max_query_execution_time: '14400',
          auto_mv: 'true',
          enable_case_sensitive_identifier: 'false',
          require_ssl: 'true',
          use_fips_ssl: 'false',
        }).map(([parameter_key, parameter_value]) => ({ parameter_key, parameter_value })),
      }),
    cannotPass: {
      secondPlan: ['aws_redshiftserverless_workgroup.test: update (config_parameter)'],
      why: K2,
    },
  },

  // --- aws_redshift_resource_policy (redshift/resource_policy_test.go) ---
  {
    name: 'resource-policy-namespace',
    type: 'resource-policy',
    mirrors:
      'TestAccRedshiftResourcePolicy_basic, on a Redshift Serverless namespace as the stacks use it (R3)',
    resources: (f, n) => ({
      ...namespace(n),
      aws_redshift_resource_policy: {
        test: {
          resource_arn: '${aws_redshiftserverless_namespace.test.arn}',
          policy: integrationPolicy(f, '${aws_redshiftserverless_namespace.test.arn}', f.clusterArn),
        },
      },
    }),
    update: (f, n) => ({
      ...namespace(n),
      aws_redshift_resource_policy: {
        test: {
          resource_arn: '${aws_redshiftserverless_namespace.test.arn}',
          policy: integrationPolicy(f, '${aws_redshiftserverless_namespace.test.arn}', f.otherClusterArn),
        },
      },
    }),
  },

  // --- aws_rds_integration (rds/integration_test.go) ---
  {
    name: 'integration-basic',
    type: 'integration',
    mirrors: 'TestAccRDSIntegration_basic',
    resources: (f, n) => ({
      ...integrationTarget(f, n),
      aws_rds_integration: {
        test: {
          integration_name: n,
          source_arn: f.clusterArn,
          target_arn: '${aws_redshiftserverless_namespace.test.arn}',
          depends_on: integrationDependsOn,
        },
      },
    }),
  },
  {
    name: 'integration-optional',
    type: 'integration',
    mirrors: 'TestAccRDSIntegration_optional',
    resources: (f, n) => ({
      ...integrationTarget(f, n),
      aws_rds_integration: {
        test: {
          integration_name: n,
          source_arn: f.clusterArn,
          target_arn: '${aws_redshiftserverless_namespace.test.arn}',
          kms_key_id: f.kmsKeyArn,
          additional_encryption_context: { department: 'test' },
          data_filter: 'include: test.mytable',
          tags: { Name: n },
          depends_on: integrationDependsOn,
        },
      },
    }),
    update: (f, n) => ({
      ...integrationTarget(f, n),
      aws_rds_integration: {
        test: {
          integration_name: n,
          source_arn: f.clusterArn,
          target_arn: '${aws_redshiftserverless_namespace.test.arn}',
          kms_key_id: f.kmsKeyArn,
          additional_encryption_context: { department: 'test' },
          data_filter: 'include: test.mytable',
          tags: { Name: n, Team: 'data' },
          depends_on: integrationDependsOn,
        },
      },
    }),
  },
];

/** The cases `npm test` runs: one per resource type (`npm run test:fidelity` runs every case). */
export const ONE_PER_TYPE = [
  'namespace-managed-password',
  'workgroup-network',
  'resource-policy-namespace',
  'integration-optional',
];
