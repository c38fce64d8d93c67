import { type Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/**
 * One IAM policy statement. Allowed actions are listed by name; wildcards appear only in denies,
 * in AWS's own PowerUserAccess (copied as `notActions`) and where AWS documents a statement with them.
 */
export interface PolicyStatement {
  readonly sid: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  /** The actions (empty when `notActions` is given). */
  readonly actions: readonly string[];
  /** Every action but these (IAM `NotAction`). @default - none: `actions` applies */
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  /** e.g. `{ Service: ['redshift.amazonaws.com'] }` or `{ AWS: ['arn:aws:iam::123456789012:root'] }` */
  readonly principals?: Readonly<Record<string, readonly string[]>>;
  /** `{ test: { variable: values } }`, e.g. `{ StringEquals: { 'aws:SourceArn': [arn] } }` */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * An `aws_iam_policy_document`: rendered by Terraform itself, so it never calls AWS and plans offline.
 */
export function policyDocument(
  scope: Construct,
  id: string,
  statements: readonly PolicyStatement[],
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement: renderStatements(statements) });
}

/** The provider's form of `statements` (for `putStatement` when a document grows after creation). */
export function renderStatements(
  statements: readonly PolicyStatement[],
): DataAwsIamPolicyDocumentStatement[] {
  return statements.map((statement) => ({
    sid: statement.sid,
    effect: statement.effect ?? 'Allow',
    ...(statement.notActions
      ? { notActions: [...statement.notActions] }
      : { actions: [...statement.actions] }),
    resources: [...statement.resources],
    principals: Object.entries(statement.principals ?? {}).map(([type, identifiers]) => ({
      type,
      identifiers: [...identifiers],
    })),
    condition: Object.entries(statement.conditions ?? {}).flatMap(([test, variables]) =>
      Object.entries(variables).map(([variable, values]) => ({ test, variable, values: [...values] })),
    ),
  }));
}
