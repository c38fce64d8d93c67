/**
 * local/cloud/server/local_cloud/redshift_serverless.py through the AWS SDK for JavaScript v3:
 * namespaces and workgroups with AWS's asynchronous statuses, the managed admin secret, the full
 * config parameter list, the refusals the provider and the sync step rely on, tags and listing.
 */
import {
  CreateNamespaceCommand,
  CreateWorkgroupCommand,
  DeleteNamespaceCommand,
  DeleteWorkgroupCommand,
  GetNamespaceCommand,
  GetWorkgroupCommand,
  ListNamespacesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateWorkgroupCommand,
  type Workgroup,
} from '@aws-sdk/client-redshift-serverless';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import {
  localCloudClients,
  outcome,
  vpcWithThreeZones,
  waitFor,
  type LocalCloudClients,
} from '../../../harness/local-cloud-clients';

const ACCOUNT = '111111111111';
let cloud: LocalCloud;
let aws: LocalCloudClients;
let subnets: string[];

beforeAll(async () => {
  cloud = await startLocalCloud({ accountId: ACCOUNT, transitionSeconds: 1 });
  aws = localCloudClients(cloud.url);
  ({ subnetIds: subnets } = await vpcWithThreeZones(aws.ec2, 9));
}, 120_000);
afterAll(() => cloud?.stop());

const getWorkgroup = (name: string) =>
  aws.serverless.send(new GetWorkgroupCommand({ workgroupName: name })).then((r) => r.workgroup!);
const parameters = (workgroup: Workgroup) =>
  Object.fromEntries((workgroup.configParameters ?? []).map((p) => [p.parameterKey, p.parameterValue]));

describe('Redshift Serverless namespaces in the local cloud', () => {
  it('manage the admin password as a real secret, encrypted with the given key and deleted with the namespace', async () => {
    const key = await aws.kms.send(new CreateKeyCommand({}));

    const { namespace } = await aws.serverless.send(
      new CreateNamespaceCommand({
        namespaceName: 'secret-owner',
        adminUsername: 'admin',
        manageAdminPassword: true,
        adminPasswordSecretKmsKeyId: key.KeyMetadata!.Arn,
        dbName: 'dev',
      }),
    );
    const secret = await aws.secrets.send(
      new DescribeSecretCommand({ SecretId: namespace!.adminPasswordSecretArn }),
    );

    expect(namespace).toMatchObject({ status: 'AVAILABLE', adminUsername: 'admin', dbName: 'dev' });
    expect(namespace!.adminPasswordSecretKmsKeyId).toBe(key.KeyMetadata!.Arn);
    expect(secret.KmsKeyId).toBe(key.KeyMetadata!.Arn);

    const deleted = await aws.serverless.send(new DeleteNamespaceCommand({ namespaceName: 'secret-owner' }));
    const gone = await waitFor(
      () => outcome(aws.serverless.send(new GetNamespaceCommand({ namespaceName: 'secret-owner' }))),
      (result) => result !== 'ok',
    );

    expect(deleted.namespace!.status).toBe('DELETING');
    expect(gone).toBe('ResourceNotFoundException');
    expect(
      await outcome(
        aws.secrets.send(new DescribeSecretCommand({ SecretId: namespace!.adminPasswordSecretArn })),
      ),
    ).toBe('ResourceNotFoundException');
  });

  it('refuses a second namespace of the same name, a KMS key that does not exist and a managed password given too', async () => {
    await aws.serverless.send(new CreateNamespaceCommand({ namespaceName: 'taken' }));

    expect(await outcome(aws.serverless.send(new CreateNamespaceCommand({ namespaceName: 'taken' })))).toBe(
      'ConflictException',
    );
    expect(
      await outcome(
        aws.serverless.send(
          new CreateNamespaceCommand({ namespaceName: 'keyless', kmsKeyId: 'no-such-key' }),
        ),
      ),
    ).toBe('ValidationException');
    expect(
      await outcome(
        aws.serverless.send(
          new CreateNamespaceCommand({
            namespaceName: 'both',
            adminUsername: 'admin',
            manageAdminPassword: true,
            adminUserPassword: 'Secret123456',
          }),
        ),
      ),
    ).toBe('ValidationException');
  });
});

describe('Redshift Serverless workgroups in the local cloud', () => {
  beforeAll(async () => {
    await aws.serverless.send(new CreateNamespaceCommand({ namespaceName: 'warehouse' }));
  });

  it('are CREATING, then AVAILABLE, with an endpoint and every config parameter AWS returns', async () => {
    const created = await aws.serverless.send(
      new CreateWorkgroupCommand({
        workgroupName: 'warehouse',
        namespaceName: 'warehouse',
        baseCapacity: 8,
        subnetIds: subnets,
        port: 5439,
        configParameters: [{ parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'true' }],
      }),
    );
    const available = await waitFor(
      () => getWorkgroup('warehouse'),
      (w) => w.status === 'AVAILABLE',
    );

    expect(created.workgroup!.status).toBe('CREATING');
    expect(available.status).toBe('AVAILABLE');
    expect(parameters(available)).toEqual({
      auto_mv: 'true',
      datestyle: 'ISO, MDY',
      enable_case_sensitive_identifier: 'true',
      enable_large_strings_opt_in: 'false',
      enable_user_activity_logging: 'true',
      max_query_execution_time: '14400',
      query_group: 'default',
      require_ssl: 'true',
      search_path: '$user, public',
      use_fips_ssl: 'false',
    });
    expect(available.endpoint).toMatchObject({
      address: `warehouse.${ACCOUNT}.us-east-1.redshift-serverless.amazonaws.com`,
      port: 5439,
    });
    expect(available.endpoint!.vpcEndpoints![0].networkInterfaces!.map((i) => i.subnetId)).toEqual(subnets);
  });

  it('refuse an update that changes nothing or several kinds of setting, and apply one change MODIFYING, then AVAILABLE', async () => {
    const same = [{ parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'true' }];

    expect(
      await outcome(
        aws.serverless.send(
          new UpdateWorkgroupCommand({ workgroupName: 'warehouse', configParameters: same }),
        ),
      ),
    ).toBe('ValidationException');
    expect(
      await outcome(
        aws.serverless.send(
          new UpdateWorkgroupCommand({
            workgroupName: 'warehouse',
            baseCapacity: 16,
            configParameters: [{ parameterKey: 'require_ssl', parameterValue: 'false' }],
          }),
        ),
      ),
    ).toBe('ValidationException');

    const updated = await aws.serverless.send(
      new UpdateWorkgroupCommand({
        workgroupName: 'warehouse',
        configParameters: [{ parameterKey: 'require_ssl', parameterValue: 'false' }],
      }),
    );
    const busy = await outcome(
      aws.serverless.send(new UpdateWorkgroupCommand({ workgroupName: 'warehouse', baseCapacity: 16 })),
    );
    const settled = await waitFor(
      () => getWorkgroup('warehouse'),
      (w) => w.status === 'AVAILABLE',
    );

    expect(updated.workgroup!.status).toBe('MODIFYING');
    expect(busy).toBe('ConflictException');
    expect(parameters(settled).require_ssl).toBe('false');
  });

  it('refuse unsupported parameter keys, capacities off the 8-RPU steps, unknown subnets, subnets in fewer than three zones (R13) and a second workgroup per namespace', async () => {
    // `taken` has no workgroup yet; `warehouse` has one.
    const create = (overrides: Record<string, unknown>) =>
      outcome(
        aws.serverless.send(
          new CreateWorkgroupCommand({
            workgroupName: 'other',
            namespaceName: 'taken',
            subnetIds: subnets,
            ...overrides,
          }),
        ),
      );

    expect(
      await create({ configParameters: [{ parameterKey: 'enable_everything', parameterValue: 'true' }] }),
    ).toBe('ValidationException');
    expect(await create({ baseCapacity: 12 })).toBe('ValidationException');
    expect(await create({ subnetIds: ['subnet-0000000000000000'] })).toBe('ValidationException');
    // "Considerations when using Amazon Redshift Serverless": three subnets in three zones.
    expect(await create({ subnetIds: subnets.slice(0, 2) })).toBe('ValidationException');
    expect(await create({ namespaceName: 'warehouse' })).toBe('ConflictException');
  });

  it('carry tags that can be listed, added and removed', async () => {
    const arn = (await getWorkgroup('warehouse')).workgroupArn!;
    await aws.serverless.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'Environment', value: 'dev' },
          { key: 'Team', value: 'data' },
        ],
      }),
    );
    await aws.serverless.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['Team'] }));

    const { tags } = await aws.serverless.send(new ListTagsForResourceCommand({ resourceArn: arn }));

    expect(tags).toEqual([{ key: 'Environment', value: 'dev' }]);
  });

  it('keep their namespace until they are gone, then DELETING ends in ResourceNotFoundException', async () => {
    expect(
      await outcome(aws.serverless.send(new DeleteNamespaceCommand({ namespaceName: 'warehouse' }))),
    ).toBe('ConflictException');

    const deleted = await aws.serverless.send(new DeleteWorkgroupCommand({ workgroupName: 'warehouse' }));
    const gone = await waitFor(
      () => outcome(getWorkgroup('warehouse')),
      (result) => result !== 'ok',
    );

    expect(deleted.workgroup!.status).toBe('DELETING');
    expect(gone).toBe('ResourceNotFoundException');
    expect(
      await outcome(aws.serverless.send(new DeleteNamespaceCommand({ namespaceName: 'warehouse' }))),
    ).toBe('ok');
  });

  it('list namespaces page by page', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) {
      await aws.serverless.send(new CreateNamespaceCommand({ namespaceName: name }));
    }
    const pages = [];
    let nextToken: string | undefined;
    do {
      const page = await aws.serverless.send(new ListNamespacesCommand({ maxResults: 2, nextToken }));
      pages.push(page.namespaces!.map((n) => n.namespaceName));
      nextToken = page.nextToken;
    } while (nextToken);

    expect(pages.slice(0, -1).every((names) => names.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
  });
});
