/**
 * The one allowlist of what the local-cloud tier forgives moto, each entry with the moto behaviour it
 * works around. Nothing here is written into the stacks: the round-trip gaps become
 * `lifecycle.ignore_changes` in the test copy's override file only, and the test-copy adjustments are
 * made by the local-cloud specification on its own copies and accounts.
 *
 * Every round-trip gap is re-proven on each run: the specification also plans without the
 * ignore_changes and fails when an entry no longer shows a difference (moto was fixed, or the stacks
 * stopped setting the attribute), so the list cannot outlive its reason.
 */

type Json = Record<string, unknown>;

export interface RoundTripGap {
  /** The resource type whose attributes moto does not round-trip. */
  readonly type: string;
  /** Top-level attributes that differ on the second plan because of it. */
  readonly attributes: readonly string[];
  /** Restricts the entry to some resources of the type (their synthesized configuration). */
  readonly appliesTo?: (config: Json) => boolean;
  /** What moto 5.2.5 does, and why the second plan shows it. */
  readonly moto: string;
}

/**
 * Empty: what moto 5.2.5 accepted but did not answer back (ScalingConfigurationInfo on every cluster,
 * Performance Insights settings, Lambda LoggingConfig, the description of a rule that references a
 * security group, S3 EventBridge notifications) the local cloud answers as AWS does
 * (local/cloud/server/local_cloud/round_trips.py), so every second plan is clean as it is.
 */
export const MOTO_ROUND_TRIP_GAPS: readonly RoundTripGap[] = [];

/**
 * What the local-cloud specification changes in its own copies or its own moto account, because moto
 * evaluates IAM differently from AWS. Documentation for the report and the reader; the code doing it
 * lives in the specification and refers to these keys.
 */
export const MOTO_TEST_COPY_ADJUSTMENTS = {
  githubRoleTrust:
    'The GitHub roles trust only GitHub OIDC (sts:AssumeRoleWithWebIdentity), which moto cannot ' +
    'serve (it answers HTTP 500 without a real token). The test copy of the bootstrap stack adds a ' +
    'trust statement (source_policy_documents of the trust documents) letting the local-cloud admin ' +
    'sts:AssumeRole the two roles; their permission policies are untouched.',
  stateBucketTlsOnlyPolicy:
    'moto evaluates a bucket policy on every object GetObject/PutObject/DeleteObject with neither the ' +
    'principal nor any condition, so the Deny guarded by aws:SecureTransport = false denies every ' +
    'object call, TLS or not. After the second plan has proven the policy round-trips, the ' +
    'specification deletes it from the emulated bucket, so the role boundaries and the S3 backend ' +
    'can be tested at all.',
  cloudwatchSigningName:
    'moto names the IAM action it checks after the SigV4 signing name, which is `monitoring` for ' +
    'CloudWatch: it checks monitoring:DescribeAlarms where AWS checks cloudwatch:DescribeAlarms. For ' +
    "the plan role's pull-request plan, the role gets the CloudWatch reads it already has (from " +
    'ViewOnlyAccess and its refresh reads) once more under the monitoring: prefix, and loses them ' +
    'right after.',
  emptyStateBucket:
    'Before the bootstrap destroy the specification deletes every object version and delete marker in ' +
    'the state bucket (the role tests wrote the dev state and its lock file there), as an operator must ' +
    'before destroying a bucket without force_destroy. It does so while versioning is still enabled: ' +
    'moto 5.2.5 answers HTTP 500 (FakeDeleteMarker has no dispose) when it deletes object versions ' +
    'from a bucket whose versioning is suspended, which is what destroying aws_s3_bucket_versioning does first.',
} as const;
