/**
 * The deploy command's progress during `terraform apply`, read from terraform's own output lines
 * (their shapes as terraform 1.11 prints them with -no-color, from a local-cloud apply of dev).
 */
import { ApplyProgress } from '../../../../local/cloud/terraform/apply-progress';

const PLAN = 'Plan: 3 to add, 1 to change, 0 to destroy.\n';

describe('the progress of a running terraform apply', () => {
  it('says it is still planning until the plan line arrives', () => {
    const progress = new ApplyProgress();
    progress.feed(
      'data.aws_iam_policy_document.key_policy_55EBA191: Read complete after 0s [id=795993794]\n',
    );

    expect(progress.summary()).toBe('planning');
  });

  it('counts finished resources against the plan and names those in progress', () => {
    const progress = new ApplyProgress();
    progress.feed(PLAN);
    progress.feed('aws_iam_role.ingest_role_AE5F9FE2: Creating...\n');
    progress.feed('aws_rds_cluster.aurora_cluster: Creating...\n');
    progress.feed('aws_iam_role.ingest_role_AE5F9FE2: Creation complete after 1s [id=zero-etl-dev-ingest]\n');
    progress.feed('aws_rds_cluster.aurora_cluster: Still creating... [00m10s elapsed]\n');
    progress.feed('aws_cloudwatch_dashboard.zero-etl: Modifying... [id=zero-etl-dev]\n');

    expect(progress.summary()).toBe(
      '1 of 4 resources done; in progress: aws_rds_cluster.aurora_cluster, aws_cloudwatch_dashboard.zero-etl',
    );

    progress.feed('aws_rds_cluster.aurora_cluster: Creation complete after 37s [id=zero-etl-dev-aurora]\n');
    progress.feed('aws_cloudwatch_dashboard.zero-etl: Modifications complete after 0s [id=zero-etl-dev]\n');

    expect(progress.summary()).toBe('3 of 4 resources done');
  });

  it('reads lines split across chunks, and names at most three in progress', () => {
    const progress = new ApplyProgress();
    progress.feed('Plan: 5 to ad');
    progress.feed('d, 0 to change, 0 to destroy.\naws_sqs_queue.a: Crea');
    progress.feed('ting...\naws_sqs_queue.b: Creating...\naws_sqs_queue.c: Creating...\n');
    progress.feed(
      'aws_sqs_queue.d: Creating...\naws_sqs_queue.e: Creating...\naws_sqs_queue.a: Creation complete after 27s\n',
    );

    expect(progress.summary()).toBe(
      '1 of 5 resources done; in progress: aws_sqs_queue.b, aws_sqs_queue.c, aws_sqs_queue.d and 1 more',
    );
  });

  it('counts a destroy the same way', () => {
    const progress = new ApplyProgress();
    progress.feed('Plan: 0 to add, 0 to change, 1 to destroy.\n');
    progress.feed('aws_sns_topic.alarms: Destroying... [id=arn:aws:sns:us-east-1:123456789012:alarms]\n');
    progress.feed('aws_sns_topic.alarms: Destruction complete after 0s\n');

    expect(progress.summary()).toBe('1 of 1 resources done');
  });
});
