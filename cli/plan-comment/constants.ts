/** GitHub rejects issue comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Room kept below the limit (e.g. for GitHub counting some characters differently). */
export const COMMENT_SAFETY_MARGIN = 512;

/** Hidden first line that identifies a stack's comment so later runs edit it. */
export function commentMarker(stack: string): string {
  return `<!-- zero-etl-plan:${stack} -->`;
}

export const MARKER_PATTERN = /^<!-- zero-etl-plan:([A-Za-z0-9_.-]+) -->/;

/** Why a resource's destruction and its replacement hurt, when the two differ. */
export interface HazardByAction {
  readonly delete: string;
  readonly replace: string;
}

/** Resource types whose destruction or replacement loses data or availability, and why. */
export const DISRUPTIVE_RESOURCE_TYPES: Readonly<Record<string, string | HazardByAction>> = {
  aws_rds_cluster: 'Aurora cluster: the source database and every row in it',
  aws_rds_cluster_instance: 'Aurora instance: the writer or reader is unavailable until recreated',
  aws_redshiftserverless_namespace: 'Redshift Serverless namespace: the warehouse and its data',
  aws_redshiftserverless_workgroup: 'Redshift Serverless workgroup: the endpoint is down until recreated',
  aws_rds_integration: {
    delete:
      'zero-ETL integration: replication stops; the Redshift target database keeps what was replicated until then',
    // scripts/create-integration-database drops the target it created from the old integration.
    replace:
      'zero-ETL integration: a new integration (a new id) replaces it, and the deploy step drops the Redshift target database and creates it again from the new one, fully re-seeded from Aurora: its tables are empty, then unqueryable until each is Synced again',
  },
  aws_kms_key: 'KMS key: data encrypted with it becomes unreadable once the key is deleted',
  aws_subnet:
    'subnet: everything in it (Aurora, Redshift, the functions) must move first; a replacement usually fails or takes them down',
  aws_db_subnet_group:
    'DB subnet group: the Aurora cluster moves with it (a changed group replaces the cluster)',
};

export const STATE_BUCKET_HAZARD = 'Terraform state bucket: every stack loses its state';

/** Secret values shorter than this are not scrubbed from free text (they would hit unrelated words). */
export const MIN_SCRUB_LENGTH = 6;

export const MASK = '(sensitive value)';
export const UNKNOWN = '(known after apply)';

/** Single values longer than this are cut in the diff. */
export const MAX_VALUE_CHARS = 1_000;
