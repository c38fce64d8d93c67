/**
 * IAM policy evaluation by moto's own engine (`moto.iam.access_control.IAMPolicy`, from `.venv/`):
 * the code moto enforces IAM with, which we did not write. A request is denied when any policy
 * denies it explicitly, allowed when one allows it and none denies, and otherwise not allowed
 * (the implicit deny), as moto's `check_action_permitted` decides.
 *
 * moto's engine ignores a statement's conditions unless handed a context it then misreads (a
 * condition that does not hold turns even an Allow into a Deny). So conditions are settled here,
 * first, from the request's `context` the way IAM settles the operators our policies use
 * (`StringEquals`, `ArnEquals`, `StringLike`, `ArnLike`; a key the request lacks fails the
 * condition): a statement whose conditions hold goes to the engine without them, one whose
 * conditions fail is left out. A statement without `Resource` (e.g. with `NotResource`) the engine
 * reads as applying to everything: our policies have none.
 */
import { spawnSync } from 'node:child_process';
import { pythonTool } from '../../shared/python-tools';

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** One request: an IAM action on one resource ARN (`*` for actions without resource-level permissions). */
export interface PolicyRequest {
  readonly action: string;
  readonly resource: string;
  /** The request's condition keys, e.g. `{ 'aws:ResourceTag/Environment': 'dev' }`. @default {} */
  readonly context?: Readonly<Record<string, string>>;
}

/** `allowed`; `denied` by an explicit Deny; `not allowed` when nothing allows it. */
export type Decision = 'allowed' | 'denied' | 'not allowed';

const SCRIPT = String.raw`
import json, sys
from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.iam.aws_managed_policies import aws_managed_policies_data
request = json.load(sys.stdin)
managed = json.loads(aws_managed_policies_data)
managed_documents = [json.dumps(managed[name]['Document']) for name in request['managed']]
decisions = []
for r in request['requests']:
    policies = [IAMPolicy(json.dumps(d)) for d in r['documents']] + [IAMPolicy(d) for d in managed_documents]
    results = [p.is_action_permitted(r['action'], r['resource']) for p in policies]
    if PermissionResult.DENIED in results:
        decisions.append('denied')
    elif PermissionResult.PERMITTED in results:
        decisions.append('allowed')
    else:
        decisions.append('not allowed')
print(json.dumps(decisions))
`;

const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);
const OPERATORS: Readonly<Record<string, (expected: string, actual: string) => boolean>> = {
  StringEquals: (expected, actual) => expected === actual,
  ArnEquals: (expected, actual) => expected === actual,
  StringLike: glob,
  ArnLike: glob,
};

/** Whether every condition of a statement holds for `context`, as IAM decides it. */
function conditionsHold(condition: unknown, context: Readonly<Record<string, string>>): boolean {
  return Object.entries((condition ?? {}) as Record<string, Record<string, string | string[]>>).every(
    ([operator, keys]) => {
      const matches = OPERATORS[operator];
      if (!matches) throw new Error(`the policy engine harness does not settle ${operator} conditions`);
      return Object.entries(keys).every(([key, expected]) => {
        const actual = context[key];
        return actual !== undefined && [expected].flat().some((value) => matches(value, actual));
      });
    },
  );
}

/** The document as it applies to one request: conditioned statements settled, their conditions gone. */
function settle(document: PolicyDocument, context: Readonly<Record<string, string>>): PolicyDocument {
  return {
    Version: document.Version,
    Statement: document.Statement.filter((statement) => conditionsHold(statement.Condition, context)).map(
      (statement) => {
        const settled = { ...statement };
        delete settled.Condition;
        return settled;
      },
    ),
  };
}

/**
 * Decides every request against the union of `documents` and the AWS-managed policies named in
 * `managed` (by name, e.g. `ViewOnlyAccess`, from moto's copy; they hold no conditions), the way
 * IAM decides for one principal's identity policies.
 */
export function evaluatePolicies(
  documents: readonly PolicyDocument[],
  requests: readonly PolicyRequest[],
  managed: readonly string[] = [],
): Decision[] {
  const input = {
    managed,
    requests: requests.map((request) => ({
      action: request.action,
      resource: request.resource,
      documents: documents.map((document) => settle(document, request.context ?? {})),
    })),
  };
  const result = spawnSync(pythonTool('python'), ['-c', SCRIPT], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`moto's policy engine failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Decision[];
}
