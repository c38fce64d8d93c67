/**
 * Shared helpers for the offline-plan specifications: synthesize one stack of the real app, plan it
 * once, and read the plan JSON (planned values, configuration expressions, policy statements).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { type OfflinePlanResult } from '../../shared/offline-terraform';
import { buildApp, type BuildAppOptions } from '../../stacks/app';
import { planOffline, plannedResources, synthStackDir, type PlannedResource } from './terraform';
import { type Json } from './json';
import { type PolicyDocument } from './iam-policy-engine';
import { PLAN_CACHE_VARIABLE } from './state';
import { isSecretLikeKey, maskSecretsInText } from '../../shared/secret-patterns';

export interface PlannedStack {
  readonly stackDir: string;
  /** The synthesized cdk.tf.json. */
  readonly synthesized: Json;
  readonly result: OfflinePlanResult;
}

/** Synthesizes stack `name` of the real app (every stack of it) and returns its folder. */
export function synthesizeStack(
  name: string,
  options: BuildAppOptions = {},
): { stackDir: string; synthesized: Json } {
  const app = buildApp(Testing.app(), { env: {}, ...options });
  const stack = app.node.findChild(name) as TerraformStack;
  const stackDir = synthStackDir(stack);
  return { stackDir, synthesized: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) };
}

/**
 * The offline plan of a synthesized stack, cached for the jest run by the content of its cdk.tf.json
 * (which names its assets by hash): the plan specifications are split by concern, and each stack is
 * planned once however many files read its plan. Without the run's cache folder (not under jest), it
 * plans every time.
 */
async function cachedPlan(stackDir: string): Promise<OfflinePlanResult> {
  const cacheDir = process.env[PLAN_CACHE_VARIABLE];
  if (!cacheDir) return planOffline(stackDir);
  const key = createHash('sha256')
    .update(readFileSync(join(stackDir, 'cdk.tf.json')))
    .digest('hex');
  const file = join(cacheDir, `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as OfflinePlanResult;
  const result = await planOffline(stackDir);
  // Write then rename: the other worker never reads half a file.
  writeFileSync(`${file}.${process.pid}`, JSON.stringify(result));
  renameSync(`${file}.${process.pid}`, file);
  return result;
}

export async function planStack(name: string): Promise<PlannedStack> {
  const { stackDir, synthesized } = synthesizeStack(name);
  return { stackDir, synthesized, result: await cachedPlan(stackDir) };
}

export function planned(stack: PlannedStack, type: string): PlannedResource[] {
  return plannedResources(stack.result).filter(
    (resource) => !resource.address.startsWith('data.') && resource.type === type,
  );
}

export function onlyPlanned(stack: PlannedStack, type: string): PlannedResource {
  const resources = planned(stack, type);
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

/** The configuration block of a resource (expressions, depends_on, provisioners). */
export function configured(stack: PlannedStack, address: string): Json {
  const resources = (stack.result.plan.configuration as Json).root_module.resources as Json[];
  const found = resources.find((resource) => resource.address === address);
  if (!found) throw new Error(`no configuration for ${address}`);
  return found;
}

export function configuredOfType(stack: PlannedStack, type: string): Json[] {
  const resources = (stack.result.plan.configuration as Json).root_module.resources as Json[];
  return resources.filter((resource) => resource.mode === 'managed' && resource.type === type);
}

/** Addresses a configuration expression refers to. */
export function references(block: Json, attribute: string): string[] {
  return block.expressions?.[attribute]?.references ?? [];
}

export interface Statement {
  readonly sid: string;
  /** [] when the statement uses `not_actions`. */
  readonly actions: string[];
  /** Empty (or null) unless the statement uses NotAction. */
  readonly not_actions: string[] | null;
  readonly effect: string;
  readonly resources: string[];
  readonly principals: Array<{ type: string; identifiers: string[] }>;
  readonly condition: Array<{ test: string; variable: string; values: unknown[] }>;
}

/** Every statement of every aws_iam_policy_document, whether read at plan time or deferred to apply. */
export function policyStatements(stack: PlannedStack): Array<{ document: string; statement: Statement }> {
  const plan = stack.result.plan as Json;
  const read = ((plan.prior_state?.values?.root_module?.resources ?? []) as Json[])
    .filter((resource) => resource.type === 'aws_iam_policy_document')
    .map((resource) => ({
      address: resource.address as string,
      statements: resource.values.statement as Statement[],
    }));
  const deferred = ((plan.resource_changes ?? []) as Json[])
    .filter((change) => change.mode === 'data' && change.type === 'aws_iam_policy_document')
    .map((change) => ({
      address: change.address as string,
      statements: change.change.after.statement as Statement[],
    }));
  return [...read, ...deferred].flatMap(({ address, statements }) =>
    statements.map((statement) => ({
      document: address,
      statement: { ...statement, actions: statement.actions ?? [] },
    })),
  );
}

/**
 * The IAM JSON of one policy document of the plan, for a policy engine. Values the plan cannot know
 * yet (a resource ARN computed at apply) become `unknownResource`; the caller names what they are.
 */
export function policyDocumentJson(
  stack: PlannedStack,
  document: string,
  unknownResource: string,
): PolicyDocument {
  const statements = policyStatements(stack)
    .filter((s) => s.document === document)
    .map(({ statement }) => {
      const resources = statement.resources.map((resource) => resource ?? unknownResource);
      const conditions: Record<string, Record<string, unknown[]>> = {};
      for (const { test, variable, values } of statement.condition) {
        conditions[test] = { ...conditions[test], [variable]: values };
      }
      return {
        Sid: statement.sid,
        Effect: statement.effect,
        ...(statement.not_actions?.length
          ? { NotAction: statement.not_actions }
          : { Action: statement.actions }),
        ...(resources.length > 0 ? { Resource: resources } : {}),
        ...(statement.condition.length > 0 ? { Condition: conditions } : {}),
      };
    });
  if (statements.length === 0) throw new Error(`no statements in ${document}`);
  return { Version: '2012-10-17', Statement: statements };
}

export function policyDocumentAddress(
  stack: PlannedStack,
  resourceAddress: string,
  attribute: string,
): string {
  const ref = references(configured(stack, resourceAddress), attribute).find((r) => r.startsWith('data.'));
  if (!ref) throw new Error(`${resourceAddress}.${attribute} does not use a policy document`);
  return ref.replace(/\.json$/, '');
}

/**
 * [path, value] of every string value that is a secret: under a secret-like key, or with a secret
 * written inside it (`PASSWORD=…`, URL credentials, a private key), as shared/secret-patterns.ts says.
 */
export function secretLikeValues(value: unknown, path = '', secretKey = false): Array<[string, string]> {
  if (typeof value === 'string') {
    const secret = value.length > 0 && (secretKey || maskSecretsInText(value, '') !== value);
    return secret ? [[path, value]] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => secretLikeValues(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, child]) =>
    secretLikeValues(child, path ? `${path}.${key}` : key, isSecretLikeKey(key)),
  );
}

/** The plan without the offline harness's own provider settings (fake credentials live there). */
export function planWithoutProviderConfig(stack: PlannedStack): Json {
  const plan = structuredClone(stack.result.plan) as Json;
  delete plan.configuration.provider_config;
  return plan;
}
