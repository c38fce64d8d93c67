import { Construct } from 'constructs';
import { RedshiftResourcePolicy } from '@cdktf/provider-aws/lib/redshift-resource-policy';
import { RedshiftserverlessNamespace } from '@cdktf/provider-aws/lib/redshiftserverless-namespace';
import { RedshiftserverlessWorkgroup } from '@cdktf/provider-aws/lib/redshiftserverless-workgroup';
import { INTEGRATION_AUTHORIZATION, WORKGROUP_CONFIG_PARAMETERS } from '../../rules';
import { resourceNames } from '../resource-names';
import { policyDocument } from './policy-document';
import { REDSHIFT_PORT } from './network';

/** The database every namespace starts with; the deploy steps connect to it (CONNECT_DATABASE). */
export const REDSHIFT_CONNECT_DATABASE = 'dev';

export interface RedshiftProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** Base capacity in RPUs (8–1024, steps of 8). */
  readonly baseCapacity: number;
  /** @default - no limit */
  readonly maxCapacity?: number;
  readonly adminUsername: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Customer-managed key for the namespace and its admin secret. */
  readonly kmsKeyArn: string;
  /** The Aurora cluster allowed to integrate into this namespace (R3 `aws:SourceArn`). */
  readonly sourceClusterArn: string;
  /** Route COPY/UNLOAD through the VPC (a route to what they read is then needed). */
  readonly enhancedVpcRouting: boolean;
}

/**
 * Redshift Serverless target: namespace (KMS, admin password managed in Secrets Manager),
 * private workgroup, and the namespace resource policy that authorizes the Aurora cluster (R3).
 */
export class Redshift extends Construct {
  readonly namespace: RedshiftserverlessNamespace;
  readonly workgroup: RedshiftserverlessWorkgroup;
  /** The config parameters the workgroup is created with (K2, R2), for the step that keeps them. */
  readonly configParameters = WORKGROUP_CONFIG_PARAMETERS;
  readonly resourcePolicy: RedshiftResourcePolicy;

  constructor(scope: Construct, id: string, props: RedshiftProps) {
    super(scope, id);
    this.namespace = new RedshiftserverlessNamespace(this, 'namespace', {
      namespaceName: resourceNames(props.namePrefix).namespace,
      dbName: REDSHIFT_CONNECT_DATABASE,
      adminUsername: props.adminUsername,
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: props.kmsKeyArn,
      kmsKeyId: props.kmsKeyArn,
    });
    this.workgroup = new RedshiftserverlessWorkgroup(this, 'workgroup', {
      workgroupName: resourceNames(props.namePrefix).workgroup,
      namespaceName: this.namespace.namespaceName,
      baseCapacity: props.baseCapacity,
      maxCapacity: props.maxCapacity,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [...props.securityGroupIds],
      publiclyAccessible: false,
      enhancedVpcRouting: props.enhancedVpcRouting,
      port: REDSHIFT_PORT,
      configParameter: Object.entries(this.configParameters).map(([parameterKey, parameterValue]) => ({
        parameterKey,
        parameterValue,
      })),
      // K2: AWS now returns enable_large_strings_opt_in, which provider 5.100.0 refuses in
      // configuration, so every later plan would "update" config_parameter and AWS would reject the
      // no-op update. The parameters are set at creation; afterwards the workgroup-parameters deploy
      // step (WorkgroupParametersStep) compares the live values and updates only what differs.
      lifecycle: { ignoreChanges: ['config_parameter'] },
    });
    // R3: written with aws_redshift_resource_policy on the namespace ARN (the serverless variant rejects these actions).
    const policy = policyDocument(this, 'integration-policy', [
      {
        sid: 'AuthorizeInboundIntegrationFromSourceCluster',
        actions: [INTEGRATION_AUTHORIZATION.sourceAction],
        resources: [this.namespace.arn],
        principals: { Service: [INTEGRATION_AUTHORIZATION.sourceServicePrincipal] },
        conditions: {
          StringEquals: { [INTEGRATION_AUTHORIZATION.sourceArnConditionKey]: [props.sourceClusterArn] },
        },
      },
      {
        sid: 'AccountCreatesInboundIntegration',
        actions: [INTEGRATION_AUTHORIZATION.creatorAction],
        resources: [this.namespace.arn],
        principals: { AWS: [`arn:aws:iam::${props.accountId}:root`] },
      },
    ]);
    this.resourcePolicy = new RedshiftResourcePolicy(this, 'resource-policy', {
      resourceArn: this.namespace.arn,
      policy: policy.json,
    });
  }
}
