import { Construct } from 'constructs';
import { AssetType, type ITerraformDependable, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { type DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { type IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LAMBDA_HANDLER } from '../../lambda/bundle';
import { serviceRole } from './service-role';
import { WORKLOAD_SERVICES } from './workload-roles';
import { policyDocument, renderStatements, type PolicyStatement } from './policy-document';

export const FUNCTION_RUNTIME = 'nodejs22.x';

/** The network-interface actions a VPC Lambda needs (EC2 does not scope them to resources). */
export const VPC_ACCESS_ACTIONS = [
  'ec2:AssignPrivateIpAddresses',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** What active X-Ray tracing needs (X-Ray has no resource-level permissions for them). */
export const TRACING_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] as const;

export interface VpcFunctionProps {
  readonly functionName: string;
  readonly description: string;
  readonly accountId: string;
  /** Permissions boundary of the function's role: the apply role may create roles only with it (stacks/constructs/workload-roles.ts). */
  readonly permissionsBoundaryArn: string;
  /** Zip of the esbuild bundle (`index.js` at its root), wrapped in a TerraformAsset. */
  readonly bundleZip: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Non-secret settings only (lambda/src/env-vars.ts renders them). */
  readonly environment: Readonly<Record<string, string>>;
  /** The key that encrypts the log group. */
  readonly kmsKeyArn: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly logRetentionDays: number;
  /** @default - none: the account's unreserved pool (L1) */
  readonly reservedConcurrency?: number;
  /**
   * What must be in place before this code is deployed (on every change, not only the first):
   * e.g. the schema the code expects.
   */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * One function of the bundle in the VPC's private subnets: its log group (KMS, retention), a role
 * trusted by Lambda in this account only, a least-privilege inline policy (its logs, VPC access and
 * X-Ray traces; subclasses add what they need with {@link addToRolePolicy}), published versions.
 */
export class VpcFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly timeoutSeconds: number;
  private readonly statements: PolicyStatement[];
  private readonly permissions: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    this.timeoutSeconds = props.timeoutSeconds;
    const asset = new TerraformAsset(this, 'bundle', { path: props.bundleZip, type: AssetType.FILE });
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.role = serviceRole(
      this,
      { trust: 'trust', role: 'role' },
      {
        name: `${props.functionName}-role`,
        service: WORKLOAD_SERVICES.lambda,
        trustSid: 'LambdaAssumesRole',
        accountId: props.accountId,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
      },
    );
    this.statements = [
      {
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroup.arn}:*`],
      },
      { sid: 'AttachToVpc', actions: VPC_ACCESS_ACTIONS, resources: ['*'] },
      { sid: 'SendTraces', actions: TRACING_ACTIONS, resources: ['*'] },
    ];
    this.permissions = policyDocument(this, 'permissions', this.statements);
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: this.permissions.json,
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: FUNCTION_RUNTIME,
      handler: LAMBDA_HANDLER,
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: props.timeoutSeconds,
      memorySize: props.memoryMb,
      reservedConcurrentExecutions: props.reservedConcurrency,
      publish: true,
      vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      environment: { variables: { ...props.environment } },
      // The levels are AWS's JSON defaults, written out: left unset, provider 5.x reads INFO back, sees a
      // change it hides from the plan and, with `publish`, plans a new version on every plan
      // (hashicorp/terraform-provider-aws#33383, #42181), which re-runs apply-schema through its trigger.
      loggingConfig: {
        logFormat: 'JSON',
        applicationLogLevel: 'INFO',
        systemLogLevel: 'INFO',
        logGroup: this.logGroup.name,
      },
      tracingConfig: { mode: 'Active' },
      dependsOn: [this.logGroup, rolePolicy, ...props.dependsOn],
    });
  }

  /** Grants the function's role more permissions (its inline policy grows; no new resource). */
  protected addToRolePolicy(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
    this.permissions.putStatement(renderStatements(this.statements));
  }
}
