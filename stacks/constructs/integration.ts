import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { RdsIntegration } from '@cdktf/provider-aws/lib/rds-integration';
import { INTEGRATION_ID_ARN_SEGMENT } from '../../rules';

export interface IntegrationProps {
  /** 1–63 chars, `[a-zA-Z](-?[a-zA-Z0-9]+)*` (validated by the configuration). */
  readonly name: string;
  /** The Aurora cluster ARN. */
  readonly sourceArn: string;
  /** The Redshift Serverless **namespace** ARN. */
  readonly targetArn: string;
  /** T3: Maxwell-style include/exclude patterns (validated by the configuration). */
  readonly dataFilter: string;
  /** Customer-managed key. @default - AWS-owned key (changes to kms_key_id are ignored, T6) */
  readonly kmsKeyArn?: string;
  /**
   * T1: what must exist before the integration although no attribute says so: the writer
   * instance, the workgroup, the namespace resource policy and the writer reboot step.
   */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** The `aws_rds_integration` from Aurora to Redshift; create waits until it is active. */
export class Integration extends Construct {
  readonly integration: RdsIntegration;
  /** R11: the last segment of the integration ARN, used by CREATE DATABASE … FROM INTEGRATION. */
  readonly integrationId: string;

  constructor(scope: Construct, id: string, props: IntegrationProps) {
    super(scope, id);
    this.integration = new RdsIntegration(this, 'integration', {
      integrationName: props.name,
      sourceArn: props.sourceArn,
      targetArn: props.targetArn,
      dataFilter: props.dataFilter,
      kmsKeyId: props.kmsKeyArn,
      dependsOn: [...props.dependsOn],
      lifecycle: props.kmsKeyArn === undefined ? { ignoreChanges: ['kms_key_id'] } : undefined,
      tags: { Name: props.name },
    });
    this.integrationId = Fn.element(Fn.split(':', this.integration.arn), INTEGRATION_ID_ARN_SEGMENT);
  }
}
