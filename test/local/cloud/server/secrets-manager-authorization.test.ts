/**
 * Secrets Manager under IAM enforcement, authorized against the secret a request names
 * (local_cloud/secrets_manager_authorization.py), as AWS does: a user allowed GetSecretValue on one
 * secret's ARN reads that secret and no other. Plain moto 5.2.5 checks every Secrets Manager call
 * against "*", so that user is refused even the secret it is allowed.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { startLocalCloud, type LocalCloud } from '../../../../local/cloud/server/launcher';
import { outcome } from '../../../harness/local-cloud-clients';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';

/** A user allowed GetSecretValue on `allowed` (an ARN pattern) only, and the outcomes of its calls. */
async function readsAs(cloud: LocalCloud) {
  const admin = cloud.admin!;
  const secrets = new SecretsManagerClient({ endpoint: cloud.url, region: REGION, credentials: admin });
  const own = await secrets.send(
    new CreateSecretCommand({ Name: 'cluster-master', SecretString: '{"password":"a"}' }),
  );
  const other = await secrets.send(
    new CreateSecretCommand({ Name: 'someone-else', SecretString: '{"password":"b"}' }),
  );
  const iam = new IAMClient({ endpoint: cloud.url, region: REGION, credentials: admin });
  await iam.send(new CreateUserCommand({ UserName: 'migrate-function' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'migrate-function',
      PolicyName: 'read-master-secret',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: own.ARN }],
      }),
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'migrate-function' }));
  const asUser = new SecretsManagerClient({
    endpoint: cloud.url,
    region: REGION,
    credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
    maxAttempts: 1,
  });
  return {
    ownByArn: await outcome(asUser.send(new GetSecretValueCommand({ SecretId: own.ARN }))),
    ownByName: await outcome(asUser.send(new GetSecretValueCommand({ SecretId: 'cluster-master' }))),
    other: await outcome(asUser.send(new GetSecretValueCommand({ SecretId: other.ARN }))),
    missing: await outcome(asUser.send(new GetSecretValueCommand({ SecretId: 'no-such-secret' }))),
    list: await outcome(asUser.send(new ListSecretsCommand({}))),
  };
}

describe('Secrets Manager authorized against the secret a request names (IAM enforced)', () => {
  let cloud: LocalCloud | undefined;
  afterEach(async () => {
    await cloud?.stop();
    cloud = undefined;
  });

  it('lets a principal allowed one secret read it, by ARN or name, and no other', async () => {
    cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true });

    expect(await readsAs(cloud)).toEqual({
      ownByArn: 'ok',
      ownByName: 'ok',
      other: 'AccessDeniedException',
      missing: 'AccessDeniedException',
      list: 'AccessDeniedException',
    });
  }, 90_000);

  it('plain moto 5.2.5 checks against "*" and refuses even the allowed secret, in XML the JSON client cannot parse (what the extension changes)', async () => {
    cloud = await startLocalCloud({ accountId: ACCOUNT, enforceIam: true, unpatched: true });

    expect((await readsAs(cloud)).ownByArn).toBe('SyntaxError');
  }, 90_000);
});
