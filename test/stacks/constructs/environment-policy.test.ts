/**
 * The environment policy (each apply role's policy and its environment's permissions boundary):
 * its PowerUserAccess base is AWS's own, its name patterns reach every resource an environment
 * names after itself and nothing of another environment's, what is addressed by id carries the tag
 * the tag deny reads, and it fits IAM's size limit. Patterns are matched by moto's policy engine.
 */
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../../stacks/app';
import { s3StateKey } from '../../../stacks/backend';
import { ConfigValidationError, PROJECT_CONFIG, parseConfig } from '../../../stacks/config';
import {
  ENVIRONMENT_TAG_KEY,
  MANAGED_POLICY_MAX_CHARACTERS,
  POWER_USER_ACCESS_STATEMENTS,
  TAG_SCOPED_SERVICES,
  environmentPolicyStatements,
  namedResourceArnPatterns,
  policyCharacters,
} from '../../../stacks/constructs/environment-policy';
import { awsManagedPolicies } from '../../harness/aws-managed-policies';
import { evaluatePolicies } from '../../harness/iam-policy-engine';
import { type Json } from '../../harness/json';

const config = parseConfig(PROJECT_CONFIG, {});

/** How IAM addresses each resource type the environment stacks create. */
type Addressing =
  | { readonly by: 'name'; readonly arns: (values: Json, region: string, account: string) => string[] }
  | { readonly by: 'tag'; readonly service: (typeof TAG_SCOPED_SERVICES)[number] }
  /** Authorized against another resource of the stack (a rule's target, a topic's policy, a role's policy). */
  | { readonly by: 'parent' }
  /** IAM: the apply role's IAM rights name its environment's roles (github-oidc-roles.ts). */
  | { readonly by: 'iam' }
  /** Terraform's own: no AWS resource. */
  | { readonly by: 'none' };

const named = (arns: (values: Json, region: string, account: string) => string[]): Addressing => ({
  by: 'name',
  arns,
});
const tag = (service: (typeof TAG_SCOPED_SERVICES)[number]): Addressing => ({ by: 'tag', service });
const ADDRESSING: Record<string, Addressing> = {
  aws_cloudwatch_dashboard: named((v, _r, a) => [`arn:aws:cloudwatch::${a}:dashboard/${v.dashboard_name}`]),
  aws_cloudwatch_event_rule: named((v, r, a) => [`arn:aws:events:${r}:${a}:rule/${v.name}`]),
  aws_cloudwatch_event_target: { by: 'parent' },
  aws_cloudwatch_log_group: named((v, r, a) => [`arn:aws:logs:${r}:${a}:log-group:${v.name}`]),
  aws_cloudwatch_metric_alarm: named((v, r, a) => [`arn:aws:cloudwatch:${r}:${a}:alarm:${v.alarm_name}`]),
  aws_db_subnet_group: named((v, r, a) => [`arn:aws:rds:${r}:${a}:subgrp:${v.name}`]),
  aws_default_security_group: tag('ec2'),
  aws_eip: tag('ec2'),
  aws_flow_log: tag('ec2'),
  aws_iam_role: { by: 'iam' },
  aws_iam_role_policy: { by: 'iam' },
  aws_iam_role_policy_attachment: { by: 'iam' },
  aws_internet_gateway: tag('ec2'),
  aws_kms_alias: named((v, r, a) => [`arn:aws:kms:${r}:${a}:${v.name}`]),
  aws_kms_key: tag('kms'),
  aws_lambda_function: named((v, r, a) => [`arn:aws:lambda:${r}:${a}:function:${v.function_name}`]),
  aws_lambda_function_event_invoke_config: { by: 'parent' },
  aws_lambda_permission: { by: 'parent' },
  aws_nat_gateway: tag('ec2'),
  aws_rds_cluster: named((v, r, a) => [
    `arn:aws:rds:${r}:${a}:cluster:${v.cluster_identifier}`,
    ...(v.final_snapshot_identifier
      ? [`arn:aws:rds:${r}:${a}:cluster-snapshot:${v.final_snapshot_identifier}`]
      : []),
  ]),
  aws_rds_cluster_instance: named((v, r, a) => [`arn:aws:rds:${r}:${a}:db:${v.identifier}`]),
  aws_rds_cluster_parameter_group: named((v, r, a) => [`arn:aws:rds:${r}:${a}:cluster-pg:${v.name}`]),
  aws_rds_integration: tag('rds'),
  aws_redshift_resource_policy: tag('redshift'),
  aws_redshiftserverless_namespace: tag('redshift-serverless'),
  aws_redshiftserverless_workgroup: tag('redshift-serverless'),
  aws_route: tag('ec2'),
  aws_route_table: tag('ec2'),
  aws_route_table_association: tag('ec2'),
  aws_security_group: tag('ec2'),
  aws_sns_topic: named((v, r, a) => [`arn:aws:sns:${r}:${a}:${v.name}`]),
  aws_sns_topic_policy: { by: 'parent' },
  aws_sns_topic_subscription: { by: 'parent' },
  aws_sqs_queue: named((v, r, a) => [`arn:aws:sqs:${r}:${a}:${v.name}`]),
  aws_subnet: tag('ec2'),
  aws_vpc: tag('ec2'),
  aws_vpc_security_group_egress_rule: tag('ec2'),
  aws_vpc_security_group_ingress_rule: tag('ec2'),
  terraform_data: { by: 'none' },
};

/** The synthesized environment stacks of the shipped configuration. */
function environmentStacks(): Array<{ name: string; json: Json }> {
  const app = buildApp(Testing.app(), { env: {} });
  return (app.node.children as TerraformStack[])
    .filter((stack) => stack.node.id !== 'bootstrap')
    .map((stack) => ({ name: stack.node.id, json: JSON.parse(Testing.synth(stack)) as Json }));
}

/** Which of `arns` one of `patterns` matches, by moto's engine (an Allow of every action on the patterns). */
function matched(patterns: readonly string[], arns: readonly string[]): string[] {
  const decisions = evaluatePolicies(
    [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: [...patterns] }] }],
    arns.map((resource) => ({ action: 'any:Action', resource })),
  );
  return arns.filter((_arn, index) => decisions[index] === 'allowed');
}

describe('the environment policy', () => {
  const stacks = environmentStacks();

  it("starts from AWS's own PowerUserAccess (moto's copy), statement for statement", () => {
    const { PowerUserAccess: aws } = awsManagedPolicies(['PowerUserAccess']);
    const normalize = (
      statements: ReadonlyArray<{ NotAction?: unknown; Action?: unknown; Resource?: unknown }>,
    ) =>
      statements.map((s) => ({
        ...(s.NotAction ? { NotAction: [s.NotAction].flat().sort() } : { Action: [s.Action].flat().sort() }),
        Resource: [s.Resource].flat(),
      }));
    const ours = POWER_USER_ACCESS_STATEMENTS.map((s) => ({
      ...(s.notActions ? { NotAction: [...s.notActions] } : { Action: [...s.actions] }),
      Resource: [...s.resources],
    }));

    expect({ version: aws.version, statements: normalize(ours) }).toEqual({
      version: aws.version,
      statements: normalize(aws.statements),
    });
  });

  it('names the service in every resource ARN: IAM refuses a wildcard there ("Resource vendor must be fully qualified")', () => {
    const [dev, ...others] = config.environments;
    const resources = environmentPolicyStatements({
      environment: dev,
      others,
      state: {
        bucketName: 'b',
        keyPrefix: 'zero-etl',
        keyArn: 'arn:aws:kms:us-east-1:111111111111:key/k',
        keyAliasArn: 'arn:aws:kms:us-east-1:111111111111:alias/zero-etl-tfstate',
      },
      protectedStacks: ['bootstrap'],
      stateKey: s3StateKey,
    }).flatMap((statement) => statement.resources);

    expect(
      resources.filter((resource) => resource !== '*' && !/^arn:aws:[a-z0-9-]+:/.test(resource)),
    ).toEqual([]);
  });

  it('knows how IAM addresses every resource type the environment stacks create', () => {
    const types = [...new Set(stacks.flatMap(({ json }) => Object.keys(json.resource ?? {})))].sort();

    expect(types.filter((type) => ADDRESSING[type] === undefined)).toEqual([]);
  });

  it("matches, by name, every resource an environment names after itself, and none of another environment's", () => {
    const arnsOf = (stackName: string) => {
      const { json } = stacks.find((stack) => stack.name === stackName)!;
      const environment = config.environments.find((e) => e.name === stackName)!;
      return Object.entries(json.resource as Record<string, Record<string, Json>>).flatMap(
        ([type, resources]) => {
          const addressing = ADDRESSING[type];
          if (addressing?.by !== 'name') return [];
          return Object.values(resources).flatMap((values) =>
            addressing.arns(values, environment.region, environment.accountId),
          );
        },
      );
    };
    for (const environment of config.environments) {
      const patterns = Object.values(namedResourceArnPatterns(environment.namePrefix)).flat();
      const own = arnsOf(environment.name);
      const others = config.environments.filter((e) => e !== environment).flatMap((e) => arnsOf(e.name));

      const reached = matched(patterns, own);
      expect(own.length).toBeGreaterThanOrEqual(15);
      expect({
        environment: environment.name,
        unmatched: own.filter((arn) => !reached.includes(arn)),
      }).toEqual({
        environment: environment.name,
        unmatched: [],
      });
      expect({ environment: environment.name, reachesOthers: matched(patterns, others) }).toEqual({
        environment: environment.name,
        reachesOthers: [],
      });
    }
  });

  it('denies what AWS addresses by id through the Environment tag, which every environment stack puts on every resource', () => {
    const services = [
      ...new Set(
        Object.values(ADDRESSING).flatMap((addressing) =>
          addressing.by === 'tag' ? [addressing.service] : [],
        ),
      ),
    ].sort();
    expect(
      services.filter((service) => !(TAG_SCOPED_SERVICES as readonly string[]).includes(service)),
    ).toEqual([]);
    for (const { name, json } of stacks) {
      const [provider] = json.provider.aws as Json[];
      expect([provider.default_tags].flat()[0].tags[ENVIRONMENT_TAG_KEY]).toBe(name);
    }
    const [dev, ...others] = config.environments;
    const deny = environmentPolicyStatements({
      environment: dev,
      others,
      state: {
        bucketName: 'b',
        keyPrefix: 'zero-etl',
        keyArn: 'arn:aws:kms:us-east-1:111111111111:key/k',
        keyAliasArn: 'arn:aws:kms:us-east-1:111111111111:alias/zero-etl-tfstate',
      },
      protectedStacks: ['bootstrap'],
      stateKey: s3StateKey,
    }).find((statement) => statement.sid === 'StayOutOfOtherEnvironmentsByTag')!;
    expect(deny).toMatchObject({
      effect: 'Deny',
      actions: TAG_SCOPED_SERVICES.map((service) => `${service}:*`),
      conditions: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG_KEY}`]: others.map((e) => e.name) } },
    });
    // Never `*`: moto (and IAM) check calls without resource-level permissions against `*`.
    expect(deny.resources.filter((resource) => !/^arn:aws:[a-z0-9-]+:\*:\*:\*$/.test(resource))).toEqual([]);
  });

  it("fits IAM's 6,144 characters for 8 environments of 12-character names, and refuses a project that would not", () => {
    const names = (count: number) =>
      Array.from({ length: count }, (_, index) => `environment${String.fromCharCode(97 + index)}`);
    const environment = (name: string) => ({
      name,
      namePrefix: `zero-etl-${name}`,
      region: 'us-east-1',
      accountId: '111111111111',
    });
    const [first, ...rest] = names(8);
    const size = policyCharacters(
      environmentPolicyStatements({
        environment: environment(first),
        others: rest.map(environment),
        state: {
          bucketName: 'zero-etl-tfstate-111111111111',
          keyPrefix: 'zero-etl',
          keyArn: '${TfToken[TOKEN.1]}',
          keyAliasArn: 'arn:aws:kms:us-east-1:111111111111:alias/zero-etl-tfstate',
        },
        protectedStacks: ['bootstrap'],
        stateKey: s3StateKey,
      }),
    );
    expect(size).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);

    // The bootstrap stack is built before any environment stack: nothing else needs the bundle.
    const many = structuredClone(PROJECT_CONFIG) as unknown as Json;
    for (const name of names(26)) many.environments[name] = structuredClone(many.environments.dev);
    let error: unknown;
    try {
      buildApp(Testing.app(), { env: {}, config: many, bundleZip: 'never-read.zip' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(
      /environments: the policy that keeps dev's apply role out of the 27 other environments would be \d+ characters, over IAM's 6144 .*Fix: use fewer environments per account/,
    );
  });
});
