/**
 * AWS SDK for JavaScript v3 clients pointed at a local cloud: a client the project did not write,
 * whose deserializers read every answer through AWS's own models (one attempt, no retries, so a
 * failure shows at once). The deploy scripts are tested with the AWS CLI instead (local/cloud/aws-cli.ts).
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentials } from '../../local/cloud/terraform/override';

/** Any key works on a local cloud without IAM enforcement. */
export const ANY_CREDENTIALS: AwsCredentials = {
  accessKeyId: 'AKIALOCALCLOUDTESTS0',
  secretAccessKey: 'not-checked-without-iam-enforcement',
};

export function localCloudClients(
  url: string,
  credentials: AwsCredentials = ANY_CREDENTIALS,
  region = 'us-east-1',
) {
  const config = { endpoint: url, region, credentials, maxAttempts: 1 };
  return {
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    kms: new KMSClient(config),
    lambda: new LambdaClient(config),
    rds: new RDSClient(config),
    redshift: new RedshiftClient(config),
    serverless: new RedshiftServerlessClient(config),
    // Bucket names in the path: the local cloud does not answer virtual-hosted names.
    s3: new S3Client({ ...config, forcePathStyle: true }),
    secrets: new SecretsManagerClient(config),
    sts: new STSClient(config),
  };
}

export type LocalCloudClients = ReturnType<typeof localCloudClients>;

/** The error code (`name`) an SDK call failed with, or `ok`. */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return (error as { name?: string }).name ?? String(error);
  }
}

/** Polls `read` until `done` holds for its value (or the deadline passes); returns the last value. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A VPC `10.<octet>.0.0/16` with one /20 subnet in each of three zones of `region`: what a workgroup
 * needs (R13: three subnets in three Availability Zones).
 */
export async function vpcWithThreeZones(
  ec2: EC2Client,
  octet: number,
  region = 'us-east-1',
): Promise<{ vpcId: string; subnetIds: string[] }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${octet}.0.0/16` }));
  const vpcId = vpc.Vpc!.VpcId!;
  const subnetIds: string[] = [];
  for (const [index, zone] of ['a', 'b', 'c'].entries()) {
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `10.${octet}.${index * 16}.0/20`,
        AvailabilityZone: `${region}${zone}`,
      }),
    );
    subnetIds.push(Subnet!.SubnetId!);
  }
  return { vpcId, subnetIds };
}
