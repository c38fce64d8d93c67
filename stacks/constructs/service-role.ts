import { type Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { policyDocument } from './policy-document';

export interface ServiceRoleProps {
  /** The role's name: `<name prefix>-…`, so the apply role may manage it (workload-roles.ts). */
  readonly name: string;
  readonly description?: string;
  /** The service principal that assumes the role, e.g. `lambda.amazonaws.com`. */
  readonly service: string;
  /** Sid of the trust statement. */
  readonly trustSid: string;
  /** Only this account's use of the service may assume it (confused-deputy guard). */
  readonly accountId: string;
  /** Every workload role carries the boundary: the apply role may create roles only with it. */
  readonly permissionsBoundaryArn: string;
}

/**
 * A workload role assumed by one AWS service on behalf of this account only, under the permissions
 * boundary. `trustId` and `roleId` are the construct ids of its trust document and of the role, so
 * callers keep their Terraform addresses.
 */
export function serviceRole(
  scope: Construct,
  ids: { readonly trust: string; readonly role: string },
  props: ServiceRoleProps,
): IamRole {
  const trust = policyDocument(scope, ids.trust, [
    {
      sid: props.trustSid,
      actions: ['sts:AssumeRole'],
      resources: [],
      principals: { Service: [props.service] },
      conditions: { StringEquals: { 'aws:SourceAccount': [props.accountId] } },
    },
  ]);
  return new IamRole(scope, ids.role, {
    name: props.name,
    permissionsBoundary: props.permissionsBoundaryArn,
    description: props.description,
    assumeRolePolicy: trust.json,
  });
}
