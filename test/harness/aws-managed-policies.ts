/**
 * AWS-managed IAM policies as moto ships them: an independent, dated copy of what AWS publishes,
 * so a test can check our roles against AWS's own documents instead of our memory of them.
 */
import { spawnSync } from 'node:child_process';
import { pythonTool } from '../../shared/python-tools';

export interface ManagedPolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: unknown;
}

export interface ManagedPolicy {
  readonly name: string;
  /** AWS's version id and update date, e.g. `v190 2026-09-24T…`: shown when a check fails. */
  readonly version: string;
  readonly statements: readonly ManagedPolicyStatement[];
}

/** Reads the named AWS-managed policies (e.g. `ReadOnlyAccess`) from moto's copy, in one Python run. */
export function awsManagedPolicies(names: readonly string[]): Record<string, ManagedPolicy> {
  const script = [
    'import json, sys',
    'from moto.iam.aws_managed_policies import aws_managed_policies_data as data',
    'policies = json.loads(data)',
    'out = {}',
    'for name in sys.argv[1:]:',
    '    p = policies[name]',
    "    s = p['Document']['Statement']",
    "    out[name] = {'name': name, 'version': p['DefaultVersionId'] + ' ' + p['UpdateDate'], 'statements': s if isinstance(s, list) else [s]}",
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync(pythonTool('python'), ['-c', script, ...names], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`reading ${names.join(', ')} from moto failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, ManagedPolicy>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM action matching: `*` and `?` wildcards, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(action);
}

const covers = (statement: ManagedPolicyStatement, action: string): boolean =>
  statement.NotAction !== undefined
    ? !list(statement.NotAction).some((pattern) => actionMatches(pattern, action))
    : list(statement.Action).some((pattern) => actionMatches(pattern, action));

/**
 * Whether the policy allows `action` on some resource, by action alone: an Allow statement covers
 * it and no unconditional Deny on every resource does. (Resource and condition scoping is left
 * out: the managed policies these tests read grant by action.)
 */
export function allowsAction(policy: ManagedPolicy, action: string): boolean {
  const denied = policy.statements.some(
    (s) =>
      s.Effect === 'Deny' && s.Condition === undefined && list(s.Resource).includes('*') && covers(s, action),
  );
  return !denied && policy.statements.some((s) => s.Effect === 'Allow' && covers(s, action));
}

/** The action patterns of the policy's Allow statements (`Action` only). */
export function allowedActionPatterns(policy: ManagedPolicy): string[] {
  return policy.statements.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
}
