/**
 * Every role the environment stacks create, checked against AWS's own managed policies (moto's
 * copy): the boundary the apply role must set (its environment's policy: AWS's PowerUserAccess,
 * copied, minus the other environments) leaves each role every action it is given, inline or
 * managed, and the apply role may pass each role to its service.
 */
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../../stacks/app';
import { PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import { resourceNames } from '../../../stacks/resource-names';
import { POWER_USER_ACCESS_STATEMENTS } from '../../../stacks/constructs/environment-policy';
import { PASSED_TO_SERVICES } from '../../../stacks/constructs/github-oidc-roles';
import {
  environmentBoundaryArn,
  WORKLOAD_MANAGED_POLICY_ARNS,
  WORKLOAD_SERVICES,
} from '../../../stacks/constructs/workload-roles';
import { allowsAction, awsManagedPolicies, type ManagedPolicy } from '../../harness/aws-managed-policies';

interface Synthesized {
  resource?: Record<string, Record<string, Record<string, string>>>;
  data?: { aws_iam_policy_document?: Record<string, { statement: PolicyDocumentStatement[] }> };
}
interface PolicyDocumentStatement {
  actions?: string[];
  principals?: Array<{ type: string; identifiers: string[] }>;
}

interface WorkloadRole {
  readonly stack: string;
  readonly name: string;
  readonly boundary: string | undefined;
  readonly trustedServices: string[];
  readonly inlineActions: string[];
  readonly managedPolicyArns: string[];
}

/** `${data.aws_iam_policy_document.X.json}` / `${aws_iam_role.Y.id}` → `X` / `Y`. */
const referenced = (expression: string, type: string) =>
  new RegExp(`^\\$\\{(?:data\\.)?${type}\\.([^.]+)\\.`).exec(expression)?.[1];

function workloadRoles(): WorkloadRole[] {
  const app = buildApp(Testing.app(), { env: {} });
  return (app.node.children as TerraformStack[])
    .filter((stack) => stack.node.id !== 'bootstrap')
    .flatMap((stack) => {
      const json = JSON.parse(Testing.synth(stack)) as Synthesized;
      const documents = json.data?.aws_iam_policy_document ?? {};
      const statementsOf = (expression: string) =>
        documents[referenced(expression, 'aws_iam_policy_document')!].statement;
      const ofRole = (type: string, id: string) =>
        Object.values(json.resource?.[type] ?? {}).filter((r) => referenced(r.role, 'aws_iam_role') === id);
      return Object.entries(json.resource?.aws_iam_role ?? {}).map(([id, role]) => ({
        stack: stack.node.id,
        name: role.name,
        boundary: role.permissions_boundary,
        trustedServices: statementsOf(role.assume_role_policy).flatMap((s) =>
          (s.principals ?? []).filter((p) => p.type === 'Service').flatMap((p) => p.identifiers),
        ),
        inlineActions: ofRole('aws_iam_role_policy', id).flatMap((policy) =>
          statementsOf(policy.policy).flatMap((s) => s.actions ?? []),
        ),
        managedPolicyArns: ofRole('aws_iam_role_policy_attachment', id).map((a) => a.policy_arn),
      }));
    });
}

describe('the workload roles (every role of the environment stacks)', () => {
  const roles = workloadRoles();
  const managedName = (arn: string) => arn.split('/').pop()!;
  const policies = awsManagedPolicies(Object.values(WORKLOAD_MANAGED_POLICY_ARNS).map(managedName));
  /** What the environments' boundaries allow (environment-policy.test.ts holds it to AWS's PowerUserAccess). */
  const boundary: ManagedPolicy = {
    name: 'the environment policy (PowerUserAccess, copied)',
    version: 'POWER_USER_ACCESS_STATEMENTS',
    statements: POWER_USER_ACCESS_STATEMENTS.map((s) => ({
      Effect: 'Allow',
      ...(s.notActions ? { NotAction: [...s.notActions] } : { Action: [...s.actions] }),
      Resource: [...s.resources],
    })),
  };
  const environments = parseConfig(PROJECT_CONFIG, {}).environments;

  it('are found: the function, Enhanced Monitoring and flow-log roles of every environment', () => {
    expect(roles.length).toBeGreaterThanOrEqual(8);
    expect(roles.every((role) => role.inlineActions.length + role.managedPolicyArns.length > 0)).toBe(true);
  });

  it("carry their own environment's policy, the one its apply role holds, as their permissions boundary", () => {
    const wrong = roles.filter((role) => {
      const environment = environments.find((e) => e.name === role.stack)!;
      return role.boundary !== environmentBoundaryArn(environment.accountId, environment.namePrefix);
    });
    expect(wrong.map((r) => `${r.stack}/${r.name}: ${r.boundary}`)).toEqual([]);
  });

  it('are given actions by name only: no wildcard an action-by-action check could miss', () => {
    const wildcards = roles.flatMap((role) => role.inlineActions.filter((action) => /[*?]/.test(action)));
    expect(wildcards).toEqual([]);
  });

  it('keep, within that boundary, every action their inline and managed policies give them', () => {
    const blocked = roles.flatMap((role) => {
      const managed = role.managedPolicyArns.flatMap((arn) =>
        policies[managedName(arn)].statements
          .filter((s) => s.Effect === 'Allow')
          .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action ?? ''])),
      );
      return [...role.inlineActions, ...managed]
        .filter((action) => !allowsAction(boundary, action))
        .map((action) => `${role.stack}/${role.name}: ${action}`);
    });
    expect({ boundary: boundary.version, blocked }).toEqual({ boundary: boundary.version, blocked: [] });
  });

  it('while the boundary itself keeps them from IAM, as it keeps the apply role', () => {
    for (const action of [
      'iam:CreateRole',
      'iam:PassRole',
      'iam:PutRolePolicy',
      'organizations:LeaveOrganization',
    ]) {
      expect({ action, allowed: allowsAction(boundary, action) }).toEqual({ action, allowed: false });
    }
  });

  it('attach only the managed policies the apply role may attach', () => {
    const attached = [...new Set(roles.flatMap((role) => role.managedPolicyArns))];
    expect(attached).toEqual(Object.values(WORKLOAD_MANAGED_POLICY_ARNS));
  });

  it('are trusted only by services the apply role may pass roles to, the flow-log role by its name', () => {
    const conditioned = roles.filter((role) => !role.name.endsWith('-flow-logs'));
    const trusted = [...new Set(conditioned.flatMap((role) => role.trustedServices))].sort();
    expect(trusted.filter((service) => !(PASSED_TO_SERVICES as readonly string[]).includes(service))).toEqual(
      [],
    );
    // The one extra: RDS may check the Enhanced Monitoring role as rds.amazonaws.com (undocumented).
    expect(PASSED_TO_SERVICES.filter((service) => !trusted.includes(service))).toEqual(['rds.amazonaws.com']);
    // AWS documents no iam:PassedToService for CreateFlowLogs: that role is passed by name instead.
    const flowLogs = roles.filter((role) => role.name.endsWith('-flow-logs'));
    expect(flowLogs.map((role) => role.name)).toEqual(
      environments.map((environment) => resourceNames(environment.namePrefix).flowLogsRole),
    );
    expect(flowLogs.every((role) => role.trustedServices.join() === WORKLOAD_SERVICES.flowLogs)).toBe(true);
  });
});
