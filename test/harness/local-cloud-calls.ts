/**
 * Calls the local-cloud specification makes inside the local cloud, through the AWS SDK for
 * JavaScript v3 (in-process: the AWS CLI costs over a second of CPU per call, and the deploy steps
 * are what the CLI is tested with): the bootstrap stack's roles (their credentials and what they
 * may do) and the state bucket.
 */
import { writeFileSync } from 'node:fs';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type AwsCredentials } from '../../local/cloud/terraform/override';
import { WORKLOAD_MANAGED_POLICY_ARNS } from '../../stacks/constructs/workload-roles';
import { localCloudClients } from './local-cloud-clients';

export interface AdminSession {
  readonly url: string;
  readonly admin: AwsCredentials & { readonly arn: string };
  readonly accountId: string;
  readonly region: string;
}

export interface Probe {
  readonly label: string;
  /** `allowed`, or the error code the call failed with (e.g. AccessDenied). */
  readonly outcome: string;
}

const clients = (session: AdminSession, credentials: AwsCredentials) =>
  localCloudClients(session.url, credentials, session.region);

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

export const trustOf = (principalArn: string) =>
  policy({ Effect: 'Allow', Principal: { AWS: principalArn }, Action: 'sts:AssumeRole' });

export function roleArn(session: AdminSession, name: string, path = '/'): string {
  return `arn:aws:iam::${session.accountId}:role${path}${name}`;
}

/** Session credentials of `roleName`, assumed by the local-cloud admin (see MOTO_TEST_COPY_ADJUSTMENTS.githubRoleTrust). */
export async function assumeRole(session: AdminSession, roleName: string): Promise<AwsCredentials> {
  const { Credentials } = await clients(session, session.admin).sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn(session, roleName), RoleSessionName: 'local-cloud' }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken,
  };
}

/** One call; its outcome is `allowed` or the error code. */
export async function probe(label: string, call: () => Promise<unknown>): Promise<Probe> {
  try {
    await call();
    return { label, outcome: 'allowed' };
  } catch (error) {
    const e = error as { name?: string; Code?: string; $metadata?: unknown };
    if (!e.$metadata) throw error;
    return { label, outcome: e.Code ?? e.name ?? String(error) };
  }
}

type Statement = { Effect: string; Action?: string | string[] };
type PolicyDocument = { Statement: Statement[] | Statement };

/** Every action an Allow statement of the role's attached and inline policies names. */
export async function allowedActions(session: AdminSession, roleName: string): Promise<string[]> {
  const { iam } = clients(session, session.admin);
  const parse = (document: string | undefined) =>
    JSON.parse(decodeURIComponent(document ?? '{}')) as PolicyDocument;
  const documents: PolicyDocument[] = [];
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
  for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy!.DefaultVersionId }),
    );
    documents.push(parse(PolicyVersion!.Document));
  }
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  for (const name of inline.PolicyNames ?? []) {
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }),
    );
    documents.push(parse(PolicyDocument));
  }
  return documents
    .flatMap((document) => [document.Statement].flat())
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action ?? []].flat());
}

/**
 * MOTO_TEST_COPY_ADJUSTMENTS.cloudwatchSigningName: moto names the IAM action after the SigV4
 * signing name, which is `monitoring` for CloudWatch, so it checks `monitoring:DescribeAlarms`
 * where AWS checks `cloudwatch:DescribeAlarms`. Grants the role, for as long as `body` runs, the
 * same CloudWatch actions it already has, under moto's name; nothing more.
 */
export async function withCloudwatchUnderMotoName<T>(
  session: AdminSession,
  roleName: string,
  body: () => Promise<T>,
): Promise<T> {
  const actions = (await allowedActions(session, roleName))
    .filter((action) => action.startsWith('cloudwatch:'))
    .map((action) => action.replace(/^cloudwatch:/, 'monitoring:'));
  const { iam } = clients(session, session.admin);
  const name = 'local-cloud-cloudwatch-under-moto-signing-name';
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: name,
      PolicyDocument: policy({ Effect: 'Allow', Action: [...new Set(actions)], Resource: '*' }),
    }),
  );
  try {
    return await body();
  } finally {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
  }
}

export interface RoleBoundaryTargets {
  readonly planRole: string;
  readonly applyRole: string;
  readonly stateBucket: string;
  readonly stateKey: string;
  /** Where the probes may write files. */
  readonly scratch: string;
  /** A name an environment's role could have (`<project>-<environment>-…`): the positive control. */
  readonly environmentRole: string;
  /** The permissions boundary that environment's roles carry. */
  readonly environmentBoundary: string;
}

/**
 * The calls the specification holds the roles to. Two roles are created as the admin: one named like
 * an environment's role (with its boundary) for the positive control, one named like nobody's role
 * of this project, which the apply role must not touch. The apply role is once given iam:* beside
 * its own policies, to show that its explicit Deny (not only a missing Allow) protects the GitHub
 * roles. All of it is removed afterwards.
 */
export async function roleBoundaries(
  session: AdminSession,
  plan: AwsCredentials,
  apply: AwsCredentials,
  targets: RoleBoundaryTargets,
): Promise<Probe[]> {
  const { planRole, applyRole, stateBucket, stateKey, scratch } = targets;
  const admin = clients(session, session.admin);
  const asPlan = clients(session, plan);
  const asApply = clients(session, apply);
  const probeRole = targets.environmentRole;
  const foreignRole = 'another-team-local-cloud-probe';
  const attach =
    (role: string, policyArn = 'arn:aws:iam::aws:policy/AdministratorAccess') =>
    () =>
      asApply.iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
  const retrust = (role: string) => () =>
    asApply.iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: trustOf(session.admin.arn) }),
    );
  const object = { Bucket: stateBucket, Key: stateKey };

  const probes: Probe[] = [
    await probe(`plan role: s3api get-object ${stateKey}`, async () => {
      const read = await asPlan.s3.send(new GetObjectCommand(object));
      writeFileSync(`${scratch}/state-read.json`, await read.Body!.transformToString());
    }),
    await probe(`plan role: s3api put-object ${stateKey}`, () =>
      asPlan.s3.send(new PutObjectCommand({ ...object, Body: '{}' })),
    ),
    await probe(`plan role: s3api delete-object ${stateKey}`, () =>
      asPlan.s3.send(new DeleteObjectCommand(object)),
    ),
  ];
  for (const role of [planRole, applyRole]) {
    probes.push(await probe(`apply role: attach AdministratorAccess to ${role}`, attach(role)));
    probes.push(await probe(`apply role: rewrite the trust of ${role}`, retrust(role)));
  }
  probes.push(
    await probe(`apply role: put an inline policy on ${applyRole}`, () =>
      asApply.iam.send(
        new PutRolePolicyCommand({
          RoleName: applyRole,
          PolicyName: 'escalate',
          PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
        }),
      ),
    ),
  );

  const createRole = (name: string, boundary?: string) =>
    admin.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        PermissionsBoundary: boundary,
        AssumeRolePolicyDocument: trustOf(session.admin.arn),
      }),
    );
  await createRole(probeRole, targets.environmentBoundary);
  await createRole(foreignRole);
  const grant = 'local-cloud-grants-every-iam-action';
  try {
    // Positive control: the same calls on an environment's role are the apply role's job (with the
    // one managed policy it may attach; moto ignores the condition that limits it). No Allow names
    // the foreign role, which is not an environment's.
    for (const role of [probeRole, foreignRole]) {
      probes.push(
        await probe(
          `apply role: attach Enhanced Monitoring to ${role}`,
          attach(role, WORKLOAD_MANAGED_POLICY_ARNS.enhancedMonitoring),
        ),
      );
      probes.push(await probe(`apply role: rewrite the trust of ${role}`, retrust(role)));
    }
    await admin.iam.send(
      new PutRolePolicyCommand({
        RoleName: applyRole,
        PolicyName: grant,
        PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
      }),
    );
    for (const role of [planRole, applyRole]) {
      const label = 'apply role with iam:* granted elsewhere';
      probes.push(await probe(`${label}: attach AdministratorAccess to ${role}`, attach(role)));
      probes.push(await probe(`${label}: rewrite the trust of ${role}`, retrust(role)));
    }
  } finally {
    await admin.iam
      .send(new DeleteRolePolicyCommand({ RoleName: applyRole, PolicyName: grant }))
      .catch(() => undefined);
    await admin.iam
      .send(
        new DetachRolePolicyCommand({
          RoleName: probeRole,
          PolicyArn: WORKLOAD_MANAGED_POLICY_ARNS.enhancedMonitoring,
        }),
      )
      .catch(() => undefined);
    for (const role of [probeRole, foreignRole])
      await admin.iam.send(new DeleteRoleCommand({ RoleName: role }));
  }
  return probes;
}

/** MOTO_TEST_COPY_ADJUSTMENTS.emptyStateBucket: deletes every version and delete marker, as the admin. */
export async function emptyBucket(session: AdminSession, bucket: string): Promise<number> {
  const { s3 } = clients(session, session.admin);
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({
    Key,
    VersionId,
  }));
  if (objects.length > 0) {
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  }
  return objects.length;
}
