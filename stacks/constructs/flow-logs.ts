import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { serviceRole } from './service-role';
import { policyDocument } from './policy-document';
import { resourceNames } from '../resource-names';
import { WORKLOAD_SERVICES } from './workload-roles';

export interface FlowLogsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly vpcId: string;
  /** Customer-managed key that encrypts the log group. */
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  /** Permissions boundary of the delivery role: the apply role may create roles only with it (stacks/constructs/workload-roles.ts). */
  readonly permissionsBoundaryArn: string;
}

/**
 * VPC flow logs: every accepted and rejected flow of the VPC into an encrypted CloudWatch log group
 * with bounded retention, delivered through a role only the flow-logs service of this account may assume.
 */
export class FlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/vpc/${props.namePrefix}/flow-logs`,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = serviceRole(
      this,
      { trust: 'trust', role: 'role' },
      {
        name: resourceNames(props.namePrefix).flowLogsRole,
        description: `${props.namePrefix}: VPC flow logs to CloudWatch Logs`,
        service: WORKLOAD_SERVICES.flowLogs,
        trustSid: 'FlowLogsDeliver',
        accountId: props.accountId,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
      },
    );
    const permissions = policyDocument(this, 'permissions', [
      {
        sid: 'WriteFlowLogs',
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
      },
    ]);
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: permissions.json,
    });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      tags: { Name: `${props.namePrefix}-vpc` },
      dependsOn: [rolePolicy],
    });
  }
}
