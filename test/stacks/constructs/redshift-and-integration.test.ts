import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { RdsIntegration } from '@cdktf/provider-aws/lib/rds-integration';
import { RedshiftResourcePolicy } from '@cdktf/provider-aws/lib/redshift-resource-policy';
import { RedshiftserverlessNamespace } from '@cdktf/provider-aws/lib/redshiftserverless-namespace';
import { RedshiftserverlessWorkgroup } from '@cdktf/provider-aws/lib/redshiftserverless-workgroup';
import { DataResource } from 'cdktf';
import { Integration } from '../../../stacks/constructs/integration';
import { Redshift, type RedshiftProps } from '../../../stacks/constructs/redshift';
import { type Json } from '../../harness/json';

Testing.setupJest();

const redshiftProps: RedshiftProps = {
  namePrefix: 'zero-etl-test',
  accountId: '123456789012',
  baseCapacity: 8,
  adminUsername: 'zeroetl_admin',
  subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  securityGroupIds: ['sg-redshift'],
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  sourceClusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:source',
  enhancedVpcRouting: false,
};

describe('Redshift', () => {
  const json = Testing.synthScope((scope) => new Redshift(scope, 'redshift', redshiftProps));

  it('creates a KMS-encrypted namespace with a managed admin password', () => {
    expect(json).toHaveResourceWithProperties(RedshiftserverlessNamespace, {
      manage_admin_password: true,
      kms_key_id: redshiftProps.kmsKeyArn,
      admin_password_secret_kms_key_id: redshiftProps.kmsKeyArn,
    });
  });

  it('creates a private workgroup with case-sensitive identifiers and TLS required (R2, K2)', () => {
    expect(json).toHaveResourceWithProperties(RedshiftserverlessWorkgroup, {
      publicly_accessible: false,
      enhanced_vpc_routing: false,
      base_capacity: 8,
      config_parameter: expect.arrayContaining([
        { parameter_key: 'enable_case_sensitive_identifier', parameter_value: 'true' },
        { parameter_key: 'require_ssl', parameter_value: 'true' },
      ]),
    });
  });

  it('sets the config parameters at creation only: AWS returns ones provider 5.100.0 cannot declare (K2)', () => {
    const [workgroup]: Json[] = Object.values(JSON.parse(json).resource.aws_redshiftserverless_workgroup);
    expect(workgroup.lifecycle).toEqual({ ignore_changes: ['config_parameter'] });
  });

  it('writes the namespace resource policy with aws_redshift_resource_policy (R3)', () => {
    expect(json).toHaveResource(RedshiftResourcePolicy);
    const document: Json = Object.values(JSON.parse(json).data.aws_iam_policy_document)[0];
    expect(document.statement.map((s: Json) => s.actions[0])).toEqual([
      'redshift:AuthorizeInboundIntegration',
      'redshift:CreateInboundIntegration',
    ]);
    expect(document.statement[0].condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceArn', values: [redshiftProps.sourceClusterArn] },
    ]);
  });
});

describe('Integration', () => {
  const synth = (kmsKeyArn?: string) =>
    Testing.synthScope((scope) => {
      const prerequisite = new DataResource(scope, 'writer-stand-in');
      new Integration(scope, 'integration', {
        name: 'zero-etl-test',
        sourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:source',
        targetArn: 'arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/target',
        dataFilter: 'include: jsonplaceholder.*',
        kmsKeyArn,
        dependsOn: [prerequisite],
      });
    });

  it('connects the source to the target with the filter, key and explicit dependencies (T, T1)', () => {
    const json = synth('arn:aws:kms:eu-west-1:123456789012:key/test');
    expect(json).toHaveResourceWithProperties(RdsIntegration, {
      integration_name: 'zero-etl-test',
      data_filter: 'include: jsonplaceholder.*',
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test',
      depends_on: ['terraform_data.writer-stand-in'],
    });
  });

  it('ignores kms_key_id drift when no customer-managed key is given (T6)', () => {
    expect(synth()).toHaveResourceWithProperties(RdsIntegration, {
      lifecycle: { ignore_changes: ['kms_key_id'] },
    });
    const integration: Json = Object.values(JSON.parse(synth('arn:k')).resource.aws_rds_integration)[0];
    expect(integration.lifecycle).toBeUndefined();
  });
});
