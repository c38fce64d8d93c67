/**
 * What the data plane asks IAM (LOCAL_CLOUD_ROUTES, served by local_cloud/data_plane_iam.py), from a
 * real local cloud enforcing IAM, through the client the cluster endpoints use
 * (httpAccessKeyDirectory): a key's secret and principal, and rds-db:connect decided by the
 * principal's policies.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { httpAccessKeyDirectory } from '../../../../local/cloud/bridge/mysql-front/access-keys';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';

// Not moto's default account (123456789012): the routes must look in the local cloud's own.
const ACCOUNT = '111122223333';
const DB_USER = `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:cluster-ABCDEFGHIJ/ingest`;

describe('the IAM routes the data plane asks (access keys, authorize)', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true });
  }, 90_000);
  afterAll(() => cloud?.stop());

  it("answers a key's secret and principal, 404 for a key IAM does not know", async () => {
    const directory = httpAccessKeyDirectory(cloud.url);

    expect(await directory.lookup(cloud.admin!.accessKeyId)).toEqual({
      accessKeyId: cloud.admin!.accessKeyId,
      secretAccessKey: cloud.admin!.secretAccessKey,
      principalArn: cloud.admin!.arn,
    });
    expect(await directory.lookup('AKIANOSUCHKEY0000000')).toBeUndefined();
  });

  it("allows rds-db:connect by the principal's policies: the administrator, a user granted that dbuser, not one without", async () => {
    const iam = new IAMClient({ endpoint: cloud.url, region: 'us-east-1', credentials: cloud.admin! });
    const user = async (name: string) => {
      const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      return User!.Arn!;
    };
    const granted = await user('ingest-function');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ingest-function',
        PolicyName: 'connect',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'rds-db:connect', Resource: DB_USER }],
        }),
      }),
    );
    const stranger = await user('stranger');
    const directory = httpAccessKeyDirectory(cloud.url);
    const connect = (principalArn: string, resource = DB_USER) =>
      directory.isAllowed({ principalArn, action: 'rds-db:connect', resource });

    expect(await connect(cloud.admin!.arn)).toBe(true);
    expect(await connect(granted)).toBe(true);
    expect(await connect(granted, DB_USER.replace('/ingest', '/admin'))).toBe(false);
    expect(await connect(stranger)).toBe(false);
  });
});
