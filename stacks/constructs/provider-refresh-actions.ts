/**
 * What `terraform plan` (its refresh) reads for each resource type the stacks use, as IAM actions:
 * each resource's Read function in hashicorp/terraform-provider-aws (plus the tag listing the
 * provider adds on read), traced in its source operation by operation and mapped to IAM action
 * names (5.46 traced in full, later releases up to 6.x spot-checked; the v5.100.0 tag itself was not
 * available offline, so a call added in between could be missing). The
 * plan role must hold every one of them; `ViewOnlyAccess` holds all but {@link PLAN_ROLE_EXTRA_READS}.
 * test/stacks/constructs/provider-refresh-actions.test.ts keeps both honest: every resource type the
 * stacks synthesize must be listed here, and the extra reads are exactly those AWS's ViewOnlyAccess
 * (as shipped by moto, an independent copy) does not match.
 */

export const PROVIDER_REFRESH_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  aws_cloudwatch_dashboard: ['cloudwatch:GetDashboard'],
  aws_cloudwatch_event_rule: ['events:DescribeRule', 'events:ListTagsForResource'],
  aws_cloudwatch_event_target: ['events:ListTargetsByRule'],
  aws_cloudwatch_log_group: ['logs:DescribeLogGroups', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
  aws_cloudwatch_metric_alarm: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
  aws_db_subnet_group: ['rds:DescribeDBSubnetGroups', 'rds:ListTagsForResource'],
  aws_default_security_group: ['ec2:DescribeSecurityGroups'],
  aws_eip: ['ec2:DescribeAddresses', 'ec2:DescribeAddressesAttribute'],
  aws_flow_log: ['ec2:DescribeFlowLogs'],
  aws_iam_openid_connect_provider: ['iam:GetOpenIDConnectProvider'],
  // Tags come with GetPolicy (internal/service/iam/policy.go, resourcePolicyRead).
  aws_iam_policy: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
  aws_iam_role: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
  aws_iam_role_policy: ['iam:GetRolePolicy'],
  aws_iam_role_policy_attachment: ['iam:ListAttachedRolePolicies'],
  aws_internet_gateway: ['ec2:DescribeInternetGateways'],
  aws_kms_alias: ['kms:ListAliases'],
  aws_kms_key: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
  aws_lambda_function: [
    'lambda:GetFunction',
    'lambda:GetFunctionCodeSigningConfig',
    'lambda:ListVersionsByFunction',
  ],
  aws_lambda_function_event_invoke_config: ['lambda:GetFunctionEventInvokeConfig'],
  aws_lambda_permission: ['lambda:GetPolicy'],
  aws_nat_gateway: ['ec2:DescribeNatGateways'],
  aws_rds_cluster: ['rds:DescribeDBClusters', 'rds:DescribeGlobalClusters'],
  aws_rds_cluster_instance: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  aws_rds_cluster_parameter_group: [
    'rds:DescribeDBClusterParameterGroups',
    'rds:DescribeDBClusterParameters',
    'rds:ListTagsForResource',
  ],
  aws_rds_integration: ['rds:DescribeIntegrations'],
  aws_redshift_resource_policy: ['redshift:GetResourcePolicy'],
  aws_redshiftserverless_namespace: [
    'redshift-serverless:GetNamespace',
    'redshift-serverless:ListTagsForResource',
  ],
  aws_redshiftserverless_workgroup: [
    'redshift-serverless:GetWorkgroup',
    'redshift-serverless:ListTagsForResource',
  ],
  aws_route: ['ec2:DescribeRouteTables'],
  aws_route_table: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables'],
  aws_route_table_association: ['ec2:DescribeRouteTables'],
  aws_s3_bucket: [
    's3:GetAccelerateConfiguration',
    's3:GetBucketAcl',
    's3:GetBucketCORS',
    's3:GetBucketLogging',
    's3:GetBucketObjectLockConfiguration',
    's3:GetBucketPolicy',
    's3:GetBucketRequestPayment',
    's3:GetBucketTagging',
    's3:GetBucketVersioning',
    's3:GetBucketWebsite',
    's3:GetEncryptionConfiguration',
    's3:GetLifecycleConfiguration',
    's3:GetReplicationConfiguration',
    's3:ListBucket',
  ],
  aws_s3_bucket_lifecycle_configuration: ['s3:GetLifecycleConfiguration'],
  aws_s3_bucket_notification: ['s3:GetBucketNotification'],
  aws_s3_bucket_ownership_controls: ['s3:GetBucketOwnershipControls'],
  aws_s3_bucket_policy: ['s3:GetBucketPolicy'],
  aws_s3_bucket_public_access_block: ['s3:GetBucketPublicAccessBlock'],
  aws_s3_bucket_server_side_encryption_configuration: ['s3:GetEncryptionConfiguration'],
  aws_s3_bucket_versioning: ['s3:GetBucketVersioning'],
  aws_security_group: ['ec2:DescribeSecurityGroups'],
  aws_sns_topic: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
  aws_sns_topic_policy: ['sns:GetTopicAttributes'],
  aws_sns_topic_subscription: ['sns:GetSubscriptionAttributes'],
  aws_sqs_queue: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
  aws_subnet: ['ec2:DescribeSubnets'],
  aws_vpc: [
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeRouteTables',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeVpcAttribute',
    'ec2:DescribeVpcs',
  ],
  aws_vpc_security_group_egress_rule: ['ec2:DescribeSecurityGroupRules'],
  aws_vpc_security_group_ingress_rule: ['ec2:DescribeSecurityGroupRules'],
  // The provider itself, once per plan (allowed_account_ids needs the caller's account).
  provider: ['sts:GetCallerIdentity'],
};

/**
 * Refresh reads ViewOnlyAccess does not grant: the plan role's inline policy adds them. ViewOnlyAccess
 * (unlike ReadOnlyAccess) holds no data reads, so a pull request's code cannot read objects,
 * parameters, log events or queue messages; these are configuration reads only (policies, key and
 * bucket settings, function and workgroup configuration). Sorted.
 */
export const PLAN_ROLE_EXTRA_READS = [
  'cloudwatch:DescribeAlarms',
  'events:DescribeRule',
  'events:ListTagsForResource',
  'iam:GetOpenIDConnectProvider',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'lambda:GetFunction',
  'lambda:GetFunctionCodeSigningConfig',
  'lambda:GetFunctionEventInvokeConfig',
  'logs:ListTagsLogGroup',
  'rds:ListTagsForResource',
  'redshift-serverless:GetNamespace',
  'redshift-serverless:GetWorkgroup',
  'redshift:GetResourcePolicy',
  's3:GetAccelerateConfiguration',
  's3:GetBucketAcl',
  's3:GetBucketCORS',
  's3:GetBucketLogging',
  's3:GetBucketNotification',
  's3:GetBucketObjectLockConfiguration',
  's3:GetBucketOwnershipControls',
  's3:GetBucketPolicy',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketRequestPayment',
  's3:GetBucketTagging',
  's3:GetBucketVersioning',
  's3:GetBucketWebsite',
  's3:GetEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
  'sns:GetTopicAttributes',
  'sts:GetCallerIdentity',
] as const;
