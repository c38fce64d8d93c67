/**
 * Calls the local-cloud specification makes inside moto, through the real AWS CLI
 * (local/cloud/aws-cli.ts): the bootstrap stack's roles (their credentials and what they may do)
 * and the state bucket.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsErrorCode, awsJson } from '../../local/cloud/aws-cli';
import { type AwsCredentials } from '../../local/cloud/terraform/override';
import {
  WORKLOAD_MANAGED_POLICY_ARNS,
  WORKLOAD_PERMISSIONS_BOUNDARY_ARN,
} from '../../stacks/constructs/workload-roles';

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

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

export const trustOf = (principalArn: string) =>
  policy({ Effect: 'Allow', Principal: { AWS: principalArn }, Action: 'sts:AssumeRole' });

export function roleArn(cloud: AdminSession, name: string, path = '/'): string {
  return `arn:aws:iam::${cloud.accountId}:role${path}${name}`;
}

/** Session credentials of `roleName`, assumed by the local-cloud admin (see MOTO_TEST_COPY_ADJUSTMENTS.githubRoleTrust). */
export async function assumeRole(cloud: AdminSession, roleName: string): Promise<AwsCredentials> {
  const { Credentials } = (await awsJson(cloud.url, cloud.admin, [
    'sts',
    'assume-role',
    '--role-arn',
    roleArn(cloud, roleName),
    '--role-session-name',
    'local-cloud',
  ])) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  };
}

/** One call with `credentials`; its outcome is `allowed` or the error code. */
export async function probe(
  cloud: AdminSession,
  label: string,
  credentials: AwsCredentials,
  args: string[],
): Promise<Probe> {
  try {
    await awsJson(cloud.url, credentials, args, { region: cloud.region });
    return { label, outcome: 'allowed' };
  } catch (error) {
    const code = awsErrorCode(error);
    if (!code) throw error;
    return { label, outcome: code };
  }
}

type Statement = { Effect: string; Action?: string | string[] };

/** Every action an Allow statement of the role's attached and inline policies names. */
export async function allowedActions(cloud: AdminSession, roleName: string): Promise<string[]> {
  const admin = (args: string[]) => awsJson(cloud.url, cloud.admin, args);
  const documents: Array<{ Statement: Statement[] | Statement }> = [];
  const attached = (await admin(['iam', 'list-attached-role-policies', '--role-name', roleName])) as {
    AttachedPolicies: Array<{ PolicyArn: string }>;
  };
  for (const { PolicyArn } of attached.AttachedPolicies) {
    const { Policy } = (await admin(['iam', 'get-policy', '--policy-arn', PolicyArn])) as {
      Policy: { DefaultVersionId: string };
    };
    const { PolicyVersion } = (await admin([
      'iam',
      'get-policy-version',
      '--policy-arn',
      PolicyArn,
      '--version-id',
      Policy.DefaultVersionId,
    ])) as { PolicyVersion: { Document: (typeof documents)[number] } };
    documents.push(PolicyVersion.Document);
  }
  const inline = (await admin(['iam', 'list-role-policies', '--role-name', roleName])) as {
    PolicyNames: string[];
  };
  for (const name of inline.PolicyNames) {
    const { PolicyDocument } = (await admin([
      'iam',
      'get-role-policy',
      '--role-name',
      roleName,
      '--policy-name',
      name,
    ])) as { PolicyDocument: (typeof documents)[number] };
    documents.push(PolicyDocument);
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
  cloud: AdminSession,
  roleName: string,
  body: () => Promise<T>,
): Promise<T> {
  const actions = (await allowedActions(cloud, roleName))
    .filter((action) => action.startsWith('cloudwatch:'))
    .map((action) => action.replace(/^cloudwatch:/, 'monitoring:'));
  const admin = (args: string[]) => awsJson(cloud.url, cloud.admin, args);
  const name = 'local-cloud-cloudwatch-under-moto-signing-name';
  await admin([
    'iam',
    'put-role-policy',
    '--role-name',
    roleName,
    '--policy-name',
    name,
    '--policy-document',
    policy({ Effect: 'Allow', Action: [...new Set(actions)], Resource: '*' }),
  ]);
  try {
    return await body();
  } finally {
    await admin(['iam', 'delete-role-policy', '--role-name', roleName, '--policy-name', name]);
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
}

/**
 * The calls the specification holds the roles to. Two roles are created as the admin: one named like
 * an environment's role (with its boundary) for the positive control, one named like nobody's role
 * of this project, which the apply role must not touch. The apply role is once given iam:* beside
 * its own policies, to show that its explicit Deny (not only a missing Allow) protects the GitHub
 * roles. All of it is removed afterwards.
 */
export async function roleBoundaries(
  cloud: AdminSession,
  plan: AwsCredentials,
  apply: AwsCredentials,
  targets: RoleBoundaryTargets,
): Promise<Probe[]> {
  const { planRole, applyRole, stateBucket, stateKey, scratch } = targets;
  const body = join(scratch, 'not-a-state.json');
  writeFileSync(body, '{}');
  const probeRole = targets.environmentRole;
  const foreignRole = 'another-team-local-cloud-probe';
  const admin = (args: string[]) => awsJson(cloud.url, cloud.admin, args);
  const as = (label: string, credentials: AwsCredentials, args: string[]) =>
    probe(cloud, label, credentials, args);
  const attach = (role: string, policyArn = 'arn:aws:iam::aws:policy/AdministratorAccess') => [
    'iam',
    'attach-role-policy',
    '--role-name',
    role,
    '--policy-arn',
    policyArn,
  ];
  const retrust = (role: string) => [
    'iam',
    'update-assume-role-policy',
    '--role-name',
    role,
    '--policy-document',
    trustOf(cloud.admin.arn),
  ];
  const object = ['--bucket', stateBucket, '--key', stateKey];

  const probes: Probe[] = [
    await as(`plan role: s3api get-object ${stateKey}`, plan, [
      's3api',
      'get-object',
      ...object,
      join(scratch, 'state-read.json'),
    ]),
    await as(`plan role: s3api put-object ${stateKey}`, plan, [
      's3api',
      'put-object',
      ...object,
      '--body',
      body,
    ]),
    await as(`plan role: s3api delete-object ${stateKey}`, plan, ['s3api', 'delete-object', ...object]),
  ];
  for (const role of [planRole, applyRole]) {
    probes.push(await as(`apply role: attach AdministratorAccess to ${role}`, apply, attach(role)));
    probes.push(await as(`apply role: rewrite the trust of ${role}`, apply, retrust(role)));
  }
  probes.push(
    await as(`apply role: put an inline policy on ${applyRole}`, apply, [
      'iam',
      'put-role-policy',
      '--role-name',
      applyRole,
      '--policy-name',
      'escalate',
      '--policy-document',
      policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
    ]),
  );

  const createRole = (name: string, boundary: string[]) =>
    admin([
      'iam',
      'create-role',
      '--role-name',
      name,
      ...boundary,
      '--assume-role-policy-document',
      trustOf(cloud.admin.arn),
    ]);
  await createRole(probeRole, ['--permissions-boundary', WORKLOAD_PERMISSIONS_BOUNDARY_ARN]);
  await createRole(foreignRole, []);
  const grant = 'local-cloud-grants-every-iam-action';
  try {
    // Positive control: the same calls on an environment's role are the apply role's job (with the
    // one managed policy it may attach; moto ignores the condition that limits it). No Allow names
    // the foreign role, which is not an environment's.
    for (const role of [probeRole, foreignRole]) {
      probes.push(
        await as(
          `apply role: attach Enhanced Monitoring to ${role}`,
          apply,
          attach(role, WORKLOAD_MANAGED_POLICY_ARNS.enhancedMonitoring),
        ),
      );
      probes.push(await as(`apply role: rewrite the trust of ${role}`, apply, retrust(role)));
    }
    await admin([
      'iam',
      'put-role-policy',
      '--role-name',
      applyRole,
      '--policy-name',
      grant,
      '--policy-document',
      policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
    ]);
    for (const role of [planRole, applyRole]) {
      const label = 'apply role with iam:* granted elsewhere';
      probes.push(await as(`${label}: attach AdministratorAccess to ${role}`, apply, attach(role)));
      probes.push(await as(`${label}: rewrite the trust of ${role}`, apply, retrust(role)));
    }
  } finally {
    await admin(['iam', 'delete-role-policy', '--role-name', applyRole, '--policy-name', grant]).catch(
      () => undefined,
    );
    await admin([
      'iam',
      'detach-role-policy',
      '--role-name',
      probeRole,
      '--policy-arn',
      WORKLOAD_MANAGED_POLICY_ARNS.enhancedMonitoring,
    ]).catch(() => undefined);
    for (const role of [probeRole, foreignRole]) await admin(['iam', 'delete-role', '--role-name', role]);
  }
  return probes;
}

/** MOTO_TEST_COPY_ADJUSTMENTS.emptyStateBucket: deletes every version and delete marker, as the admin. */
export async function emptyBucket(cloud: AdminSession, bucket: string): Promise<number> {
  const admin = (args: string[]) => awsJson(cloud.url, cloud.admin, args);
  const listed = (await admin(['s3api', 'list-object-versions', '--bucket', bucket])) as {
    Versions?: Array<{ Key: string; VersionId: string }>;
    DeleteMarkers?: Array<{ Key: string; VersionId: string }>;
  };
  const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({
    Key,
    VersionId,
  }));
  if (objects.length > 0) {
    await admin([
      's3api',
      'delete-objects',
      '--bucket',
      bucket,
      '--delete',
      JSON.stringify({ Objects: objects }),
    ]);
  }
  return objects.length;
}
