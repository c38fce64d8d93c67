/**
 * local/cloud/server/local_cloud/rds_integrations.py through the AWS SDK for JavaScript v3: a
 * zero-ETL integration reaches `active` only when the documented preconditions hold; otherwise it
 * is refused at once (the errors CreateIntegration declares) or goes `failed` with Errors naming
 * the fix. Describe (identifier, filters, pagination), modify, delete and tags as the API describes.
 */
import {
  AddTagsToResourceCommand,
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  CreateIntegrationCommand,
  DeleteIntegrationCommand,
  DescribeIntegrationsCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterParameterGroupCommand,
  ModifyIntegrationCommand,
  type Integration,
  type Parameter,
} from '@aws-sdk/client-rds';
import { PutResourcePolicyCommand } from '@aws-sdk/client-redshift';
import { CreateNamespaceCommand, CreateWorkgroupCommand } from '@aws-sdk/client-redshift-serverless';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../../../rules';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import {
  localCloudClients,
  outcome,
  waitFor,
  type LocalCloudClients,
  vpcWithThreeZones,
} from '../../../harness/local-cloud-clients';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
let cloud: LocalCloud;
let aws: LocalCloudClients;
const subnets: string[] = [];

/** The zero-ETL cluster parameters (rules/), optionally without some. */
const zeroEtlParameters = (without: readonly string[] = []): Parameter[] =>
  ZERO_ETL_CLUSTER_PARAMETERS.filter((p) => p.rule !== 'P1' && !without.includes(p.name)).map((p) => ({
    ParameterName: p.name,
    ParameterValue: p.value,
    ApplyMethod: p.applyMethod,
  }));

const clusterArn = (id: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${id}`;

/** A source cluster (with a writer) whose parameter group holds `parameters`. */
async function source(
  id: string,
  parameters: Parameter[],
  engineVersion = '8.0.mysql_aurora.3.08.2',
): Promise<string> {
  await aws.rds.send(
    new CreateDBClusterParameterGroupCommand({
      DBClusterParameterGroupName: `${id}-params`,
      DBParameterGroupFamily: 'aurora-mysql8.0',
      Description: id,
    }),
  );
  if (parameters.length > 0) {
    await aws.rds.send(
      new ModifyDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: `${id}-params`,
        Parameters: parameters,
      }),
    );
  }
  await aws.rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: id,
      Engine: 'aurora-mysql',
      EngineVersion: engineVersion,
      MasterUsername: 'admin',
      MasterUserPassword: 'local-cloud-secret',
      DBClusterParameterGroupName: `${id}-params`,
    }),
  );
  await aws.rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: `${id}-writer`,
      DBClusterIdentifier: id,
      Engine: 'aurora-mysql',
      DBInstanceClass: 'db.r6g.large',
    }),
  );
  return clusterArn(id);
}

/** A target namespace with a workgroup (case-sensitive unless told) and, unless told, a policy authorising `sources`. */
async function target(
  name: string,
  sources: readonly string[],
  { caseSensitive = true, policy = true } = {},
): Promise<string> {
  const { namespace } = await aws.serverless.send(new CreateNamespaceCommand({ namespaceName: name }));
  await aws.serverless.send(
    new CreateWorkgroupCommand({
      workgroupName: name,
      namespaceName: name,
      subnetIds: subnets,
      configParameters: [
        { parameterKey: 'enable_case_sensitive_identifier', parameterValue: String(caseSensitive) },
      ],
    }),
  );
  const arn = namespace!.namespaceArn!;
  if (policy) {
    await aws.redshift.send(
      new PutResourcePolicyCommand({
        ResourceArn: arn,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            ...sources.map((sourceArn) => ({
              Effect: 'Allow',
              Principal: { Service: 'redshift.amazonaws.com' },
              Action: 'redshift:AuthorizeInboundIntegration',
              Resource: arn,
              Condition: { StringEquals: { 'aws:SourceArn': sourceArn } },
            })),
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 'redshift:CreateInboundIntegration',
              Resource: arn,
            },
          ],
        }),
      }),
    );
  }
  return arn;
}

const describe1 = (identifier: string) =>
  aws.rds
    .send(new DescribeIntegrationsCommand({ IntegrationIdentifier: identifier }))
    .then((r) => r.Integrations![0]);

/** Creates an integration and waits until it leaves `creating`. */
async function integrate(name: string, sourceArn: string, targetArn: string): Promise<Integration> {
  const created = await aws.rds.send(
    new CreateIntegrationCommand({ IntegrationName: name, SourceArn: sourceArn, TargetArn: targetArn }),
  );
  expect(created.Status).toBe('creating');
  return waitFor(
    () => describe1(created.IntegrationArn!),
    (i) => i.Status !== 'creating',
  );
}

beforeAll(async () => {
  cloud = await startLocalCloud({ accountId: ACCOUNT, transitionSeconds: 1 });
  aws = localCloudClients(cloud.url);
  subnets.push(...(await vpcWithThreeZones(aws.ec2, 8)).subnetIds);
}, 120_000);
afterAll(() => cloud?.stop());

describe('a zero-ETL integration in the local cloud', () => {
  it('goes creating, then active, when the source and the target meet every precondition', async () => {
    const sourceArn = await source('ready', zeroEtlParameters());
    const targetArn = await target('ready', [sourceArn]);

    const integration = await integrate('ready', sourceArn, targetArn);

    expect(integration).toMatchObject({
      Status: 'active',
      SourceArn: sourceArn,
      TargetArn: targetArn,
      DataFilter: 'include: *.*',
    });
    expect(integration.Errors ?? []).toEqual([]);
  });

  it('fails, naming the fix, when the source lacks a required binlog parameter (A3)', async () => {
    const sourceArn = await source('no-row-format', zeroEtlParameters(['binlog_format']));
    const targetArn = await target('no-row-format', [sourceArn]);

    const integration = await integrate('no-row-format', sourceArn, targetArn);

    expect(integration.Status).toBe('failed');
    expect(integration.Errors).toEqual([
      {
        ErrorCode: 'InvalidSourceParameters',
        ErrorMessage: expect.stringContaining('binlog_format must be ROW (A3), the group does not set it'),
      },
    ]);
    expect(integration.Errors![0].ErrorMessage).toContain('reboot the writer, and recreate the integration');
  });

  it('fails when a change to the source parameters waits for a reboot (A7), or the source is older than 3.05.2 (A1)', async () => {
    const pendingArn = await source('pending', zeroEtlParameters());
    await aws.rds.send(
      new ModifyDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: 'pending-params',
        Parameters: [
          { ParameterName: 'innodb_print_all_deadlocks', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
        ],
      }),
    );
    const oldArn = await source('old', zeroEtlParameters(), '8.0.mysql_aurora.3.04.0');
    const targetArn = await target('pending', [pendingArn, oldArn]);

    const pending = await integrate('pending', pendingArn, targetArn);
    const old = await integrate('old', oldArn, targetArn);

    expect(pending.Errors!.map((e) => e.ErrorCode)).toEqual(['SourceParametersPendingReboot']);
    expect(pending.Errors![0].ErrorMessage).toContain('wait for a reboot of pending-writer (A7)');
    expect(old.Errors!.map((e) => e.ErrorCode)).toEqual(['UnsupportedSourceEngineVersion']);
  });

  it('fails, naming the fix, when the target has no resource policy for it (R3) or no case sensitivity (R2)', async () => {
    const sourceArn = await source('unauthorized', zeroEtlParameters());
    const unauthorized = await target('unauthorized', [], { policy: false });
    const caseless = await target('caseless', [sourceArn], { caseSensitive: false });

    const refused = await integrate('unauthorized', sourceArn, unauthorized);
    const insensitive = await integrate('caseless', sourceArn, caseless);

    expect(refused.Status).toBe('failed');
    expect(refused.Errors!.map((e) => e.ErrorCode)).toEqual(['IntegrationNotAuthorized']);
    expect(refused.Errors![0].ErrorMessage).toContain(
      `an authorized integration source: redshift:AuthorizeInboundIntegration for redshift.amazonaws.com with aws:SourceArn = ${sourceArn}`,
    );
    expect(refused.Errors![0].ErrorMessage).toContain(
      'add them with redshift PutResourcePolicy on the namespace ARN',
    );
    expect(insensitive.Errors!.map((e) => e.ErrorCode)).toEqual(['CaseSensitivityNotEnabled']);
  });

  it('is refused at once for an unknown source, a duplicate, an encryption context without a key, and an unknown key', async () => {
    const sourceArn = await source('checked', zeroEtlParameters());
    const targetArn = await target('checked', [sourceArn]);
    await integrate('checked', sourceArn, targetArn);
    const create = (overrides: Record<string, unknown>) =>
      outcome(
        aws.rds.send(
          new CreateIntegrationCommand({
            IntegrationName: 'another',
            SourceArn: sourceArn,
            TargetArn: targetArn,
            ...overrides,
          }),
        ),
      );
    const key = await aws.kms.send(new CreateKeyCommand({}));

    expect(await create({ SourceArn: clusterArn('no-such-cluster') })).toBe('DBClusterNotFoundFault');
    expect(await create({})).toBe('IntegrationAlreadyExistsFault');
    expect(await create({ IntegrationName: 'checked', SourceArn: clusterArn('ready') })).toBe(
      'IntegrationAlreadyExistsFault',
    );
    expect(
      await create({ SourceArn: clusterArn('ready'), AdditionalEncryptionContext: { purpose: 'test' } }),
    ).toBe('InvalidParameterCombination');
    expect(await create({ SourceArn: clusterArn('ready'), KMSKeyId: 'no-such-key' })).toBe(
      'KMSKeyNotAccessibleFault',
    );
    expect(await create({ SourceArn: clusterArn('ready'), DataFilter: 'include: everything' })).toBe(
      'InvalidParameterValue',
    );
    expect(await create({ IntegrationName: 'bad_name' })).toBe('ValidationError');
    expect(
      await create({
        SourceArn: clusterArn('ready'),
        KMSKeyId: key.KeyMetadata!.Arn,
        AdditionalEncryptionContext: { purpose: 'test' },
      }),
    ).toBe('ok');
    // From a source the `checked` namespace does not authorise: it fails (see the next specification).
    expect(
      (
        await waitFor(
          () => describe1('another'),
          (i) => i.Status !== 'creating',
        )
      ).Status,
    ).toBe('failed');
  });

  it('is described by identifier, filters and pages of MaxRecords, and refuses an unknown filter', async () => {
    const all = await aws.rds.send(new DescribeIntegrationsCommand({}));
    const failed = await aws.rds.send(
      new DescribeIntegrationsCommand({ Filters: [{ Name: 'status', Values: ['failed'] }] }),
    );
    const first = await aws.rds.send(new DescribeIntegrationsCommand({ MaxRecords: 20 }));

    expect(all.Integrations).toHaveLength(8);
    // `another` comes from a source the `checked` namespace does not authorise.
    expect(failed.Integrations!.map((i) => i.IntegrationName).sort()).toEqual([
      'another',
      'caseless',
      'no-row-format',
      'old',
      'pending',
      'unauthorized',
    ]);
    expect(first.Marker).toBeUndefined();
    expect(await outcome(aws.rds.send(new DescribeIntegrationsCommand({ MaxRecords: 5 })))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await outcome(
        aws.rds.send(new DescribeIntegrationsCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })),
      ),
    ).toBe('InvalidParameterValue');
    expect(await outcome(describe1('no-such-integration'))).toBe('IntegrationNotFoundFault');
  });

  it('is modified only when active (modifying, then active), deleted from active or failed (deleting, then gone), and tagged by ARN', async () => {
    const ready = await describe1('ready');
    await aws.rds.send(
      new AddTagsToResourceCommand({
        ResourceName: ready.IntegrationArn,
        Tags: [{ Key: 'Team', Value: 'data' }],
      }),
    );
    const tags = await aws.rds.send(new ListTagsForResourceCommand({ ResourceName: ready.IntegrationArn }));

    const modified = await aws.rds.send(
      new ModifyIntegrationCommand({
        IntegrationIdentifier: ready.IntegrationArn,
        DataFilter: 'include: app.*',
      }),
    );
    const whileModifying = await outcome(
      aws.rds.send(new DeleteIntegrationCommand({ IntegrationIdentifier: ready.IntegrationArn })),
    );
    const active = await waitFor(
      () => describe1(ready.IntegrationArn!),
      (i) => i.Status === 'active',
    );
    const failedModify = await outcome(
      aws.rds.send(new ModifyIntegrationCommand({ IntegrationIdentifier: 'unauthorized', Description: 'x' })),
    );
    const deleting = await aws.rds.send(
      new DeleteIntegrationCommand({ IntegrationIdentifier: 'unauthorized' }),
    );
    const gone = await waitFor(
      () => outcome(describe1('unauthorized')),
      (result) => result !== 'ok',
    );

    expect(tags.TagList).toEqual([{ Key: 'Team', Value: 'data' }]);
    expect(modified.Status).toBe('modifying');
    expect(whileModifying).toBe('InvalidIntegrationStateFault');
    expect(active.DataFilter).toBe('include: app.*');
    expect(failedModify).toBe('InvalidIntegrationStateFault');
    expect(deleting.Status).toBe('deleting');
    expect(gone).toBe('IntegrationNotFoundFault');
  });
});
