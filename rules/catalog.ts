/**
 * Every rule id the project cites, with what it says, where AWS (or the provider) says it, and
 * which parts of the project enforce it. rules/RULES.md is generated from this list
 * (`npm run rules:doc`), and a test fails when code cites an id that is not here.
 */
import { ZERO_ETL_CLUSTER_PARAMETERS } from './aurora';

/** A3's parameter list, from the table the stacks and checks use (one home for the values). */
const A3_PARAMETERS = ZERO_ETL_CLUSTER_PARAMETERS.filter((parameter) => parameter.rule === 'A3')
  .map((parameter) => `${parameter.name}=${parameter.value}`)
  .join(', ')
  .replace(/, ([^,]+)$/, ' and $1');

export type RuleArea =
  | 'Aurora MySQL source'
  | 'Redshift Serverless target'
  | 'Terraform shape'
  | 'Source schema'
  | 'Monitoring'
  | 'Lambda'
  | 'Project policy';

export interface RuleDefinition {
  /** `A…` Aurora, `R…` Redshift, `T…`/`K…` Terraform, `S…` schema, `M…` monitoring, `L…` Lambda, `P…` project policy. */
  readonly id: string;
  readonly area: RuleArea;
  /** One sentence a reader can act on. */
  readonly statement: string;
  /** The document that states it (page title and address), or the provider source. */
  readonly source: string;
  /** Repository paths that enforce or implement it (a test checks they exist). */
  readonly enforcedBy: readonly string[];
}

const AURORA_GUIDE = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide';
const REDSHIFT_GUIDE = 'https://docs.aws.amazon.com/redshift/latest/mgmt';
/** The page most source-schema and cluster limits come from. */
const AURORA_LIMITATIONS = `Aurora User Guide, "Aurora zero-ETL integrations", Limitations (${AURORA_GUIDE}/zero-etl.html#zero-etl.reqs-lims)`;
const PROVIDER = 'hashicorp/terraform-provider-aws v5.100.0';

export const RULES: readonly RuleDefinition[] = [
  {
    id: 'A1',
    area: 'Aurora MySQL source',
    statement:
      'The source runs engine aurora-mysql version 3.05.2 or later (8.0.mysql_aurora.3.05.2+); older releases cannot create an integration.',
    source: `Aurora User Guide, "Supported Regions and Aurora DB engines for zero-ETL integrations" (${AURORA_GUIDE}/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Zero-ETL.html)`,
    enforcedBy: ['rules/aurora.ts', 'stacks/config/schema.ts', 'rules/server-checks.ts'],
  },
  {
    id: 'A3',
    area: 'Aurora MySQL source',
    statement: `A custom DB cluster parameter group (family aurora-mysql8.0) sets ${A3_PARAMETERS}.`,
    source: `Aurora User Guide, "Getting started with Aurora zero-ETL integrations", step 1 (${AURORA_GUIDE}/zero-etl.setting-up.html)`,
    enforcedBy: [
      'rules/aurora.ts',
      'stacks/constructs/aurora.ts',
      'stacks/config/environment-rules.ts',
      'rules/server-checks.ts',
      'local/dataplane/mysql-server.ts',
    ],
  },
  {
    id: 'A4',
    area: 'Aurora MySQL source',
    statement:
      'binlog_transaction_compression is not ON and binlog_row_value_options is not PARTIAL_JSON: zero-ETL cannot read either.',
    source: `Aurora User Guide, "Getting started with Aurora zero-ETL integrations", step 1 (${AURORA_GUIDE}/zero-etl.setting-up.html)`,
    enforcedBy: ['rules/aurora.ts', 'stacks/config/environment-rules.ts', 'rules/server-checks.ts'],
  },
  {
    id: 'A5',
    area: 'Aurora MySQL source',
    statement:
      'Static parameters are set with apply_method pending-reboot; RDS refuses "immediate" for them ("cannot use immediate apply method for static parameter").',
    source: `${PROVIDER}, internal/service/rds/integration_test.go (parameter group of the acceptance test); RDS API ModifyDBClusterParameterGroup`,
    enforcedBy: ['rules/aurora.ts', 'stacks/constructs/aurora.ts'],
  },
  {
    id: 'A7',
    area: 'Aurora MySQL source',
    statement:
      'The parameter group is attached when the cluster is created; after a parameter change every instance showing pending-reboot is rebooted (readers too: one becomes the writer on failover), before the integration is created. RDS reports pending-reboot asynchronously, so a check right after the change must wait for it.',
    source: `Aurora User Guide, "Getting started with Aurora zero-ETL integrations", step 2 (${AURORA_GUIDE}/zero-etl.setting-up.html)`,
    enforcedBy: [
      'stacks/constructs/aurora.ts',
      'stacks/constructs/deploy-steps.ts',
      'scripts/reboot-instances-if-pending',
    ],
  },
  {
    id: 'A9',
    area: 'Aurora MySQL source',
    statement: 'Backtrack is incompatible with enhanced binlog: the cluster has no backtrack window.',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['stacks/constructs/aurora.ts', 'rules/server-checks.ts'],
  },
  {
    id: 'A10',
    area: 'Aurora MySQL source',
    statement: 'The cluster has at least one DB instance (provisioned or Serverless v2).',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['stacks/constructs/aurora.ts', 'scripts/reboot-instances-if-pending'],
  },
  {
    id: 'A11',
    area: 'Aurora MySQL source',
    statement: 'Source and target are in the same AWS Region.',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['stacks/config/environment-rules.ts'],
  },
  {
    id: 'R2',
    area: 'Redshift Serverless target',
    statement: 'The workgroup sets enable_case_sensitive_identifier=true (the default is false).',
    source: `Redshift Management Guide, "Turn on case sensitivity for your data warehouse" (${REDSHIFT_GUIDE}/zero-etl-using.setting-up.html)`,
    enforcedBy: ['rules/redshift.ts', 'stacks/constructs/redshift.ts'],
  },
  {
    id: 'R3',
    area: 'Redshift Serverless target',
    statement:
      'A resource policy on the namespace ARN (aws_redshift_resource_policy) lets redshift.amazonaws.com AuthorizeInboundIntegration for aws:SourceArn = the cluster ARN, and lets the account CreateInboundIntegration.',
    source: `Redshift Management Guide, "Configure authorization for your Amazon Redshift data warehouse" (${REDSHIFT_GUIDE}/zero-etl-using.setting-up.html)`,
    enforcedBy: ['stacks/constructs/redshift.ts'],
  },
  {
    id: 'R6',
    area: 'Redshift Serverless target',
    statement:
      "Once the integration is active, CREATE DATABASE <db> FROM INTEGRATION '<integration id>' creates the destination database (MySQL sources take no DATABASE clause).",
    source: `Redshift Management Guide, "Creating destination databases in Amazon Redshift" (${REDSHIFT_GUIDE}/zero-etl-using.creating-db.html)`,
    enforcedBy: ['scripts/create-integration-database', 'stacks/constructs/deploy-steps.ts'],
  },
  {
    id: 'R7',
    area: 'Redshift Serverless target',
    statement:
      'CREATE DATABASE … FROM INTEGRATION needs a superuser and cannot run inside a transaction block: through the Data API it is sent with execute-statement, not batch-execute-statement.',
    source: 'Redshift Database Developer Guide, "CREATE DATABASE"',
    enforcedBy: ['scripts/lib/common.sh', 'scripts/create-integration-database'],
  },
  {
    id: 'R11',
    area: 'Redshift Serverless target',
    statement: 'The integration id is the last segment of the integration ARN (…:integration:<id>).',
    source: 'RDS API Reference, "Integration" data type (IntegrationArn)',
    enforcedBy: [
      'rules/integration.ts',
      'stacks/constructs/integration.ts',
      'scripts/create-integration-database',
    ],
  },
  {
    id: 'R12',
    area: 'Redshift Serverless target',
    statement:
      'With a customer-managed KMS key on the integration, the key policy lets redshift.amazonaws.com create grants (Decrypt, GenerateDataKey, CreateGrant) for encryption contexts naming an integration (aws:redshift:integration:arn); additional_encryption_context requires kms_key_id.',
    source: `Aurora User Guide, "Creating Aurora zero-ETL integrations with Amazon Redshift", encrypting with a customer managed key (${AURORA_GUIDE}/zero-etl.creating.html)`,
    enforcedBy: ['stacks/constructs/encryption-key.ts'],
  },
  {
    id: 'R13',
    area: 'Redshift Serverless target',
    statement:
      'A workgroup has at least three subnets spanning three Availability Zones, with or without enhanced VPC routing, in zones Redshift Serverless supports; in US West (N. California) three subnets may span two zones, one of them holding two. Zone names map to different zones in every account, so zones are configured by zone ID.',
    // AWS: "Three subnets – You must have at least three subnets, and they must span across three
    // Availability Zones. […] An exception to this is the US West (N. California) Region. It requires
    // three subnets, in the same manner as the other regions, but these must span across only two
    // Availability Zones. A condition is that one of the Availability Zones spanned must contain two
    // of the subnets."
    source: `Redshift Management Guide, "Considerations when using Amazon Redshift Serverless", Three subnets (${REDSHIFT_GUIDE}/serverless-usage-considerations.html)`,
    enforcedBy: ['rules/redshift.ts', 'stacks/config/environment-rules.ts', 'stacks/constructs/network.ts'],
  },
  {
    id: 'T1',
    area: 'Terraform shape',
    statement:
      'source_arn and target_arn do not order the writer instance, the workgroup or the resource policy before the integration: it declares depends_on on all of them.',
    source: `${PROVIDER}, internal/service/rds/integration_test.go`,
    enforcedBy: ['stacks/zero-etl-stack.ts', 'stacks/constructs/integration.ts'],
  },
  {
    id: 'T2',
    area: 'Terraform shape',
    statement: 'integration_name is 1–63 characters matching [a-zA-Z](-?[a-zA-Z0-9]+)* (no underscores).',
    source: 'RDS API Reference, "CreateIntegration" (IntegrationName)',
    enforcedBy: ['rules/integration.ts', 'stacks/config/schema.ts'],
  },
  {
    id: 'T3',
    area: 'Terraform shape',
    statement:
      'data_filter is a comma-separated list of at most 99 include:/exclude: database.table patterns; in provider 5.x changing it replaces the integration (a full re-seed).',
    source: `Aurora User Guide, "Data filtering for Aurora zero-ETL integrations" (${AURORA_GUIDE}/zero-etl.filtering.html)`,
    enforcedBy: ['rules/integration.ts', 'rules/data-filter.ts', 'stacks/config/schema.ts'],
  },
  {
    id: 'T6',
    area: 'Terraform shape',
    statement:
      'Without kms_key_id on the integration, changes to kms_key_id are ignored (lifecycle.ignore_changes).',
    source: `${PROVIDER}, website/docs/r/rds_integration.html.markdown`,
    enforcedBy: ['stacks/constructs/integration.ts'],
  },
  {
    id: 'K2',
    area: 'Terraform shape',
    statement:
      'aws_redshiftserverless_workgroup diffs on every plan unless config_parameter matches every parameter AWS returns; AWS now returns enable_large_strings_opt_in, which provider 5.100.0 refuses in configuration (and AWS rejects the no-op update). config_parameter is therefore set at creation and ignored afterwards, and a deploy step keeps the live values.',
    source: `${PROVIDER}, internal/service/redshiftserverless/workgroup.go (config_parameter); hashicorp/terraform-provider-aws#49939`,
    enforcedBy: ['rules/redshift.ts', 'stacks/constructs/redshift.ts', 'scripts/sync-workgroup-parameters'],
  },
  {
    id: 'S1',
    area: 'Source schema',
    statement: 'Every replicated table has a primary key; a table without one goes Failed.',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['rules/table-checks.ts', 'sql/schema.sql'],
  },
  {
    id: 'S2',
    area: 'Source schema',
    statement: 'Only InnoDB tables are replicated.',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['rules/table-checks.ts', 'sql/schema.sql'],
  },
  {
    id: 'S3',
    area: 'Source schema',
    statement:
      'No foreign key uses ON DELETE / ON UPDATE CASCADE, SET NULL or SET DEFAULT (RESTRICT and NO ACTION are fine): those changes are not replicated.',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['rules/table-checks.ts', 'sql/schema.sql'],
  },
  {
    id: 'S5',
    area: 'Source schema',
    statement: 'Views, temporary and system tables are not replicated.',
    source: AURORA_LIMITATIONS,
    enforcedBy: ['rules/table-checks.ts', 'shared/mysql-schema.ts'],
  },
  {
    id: 'S6',
    area: 'Source schema',
    statement:
      'Some DDL forces a table resync: adding a column FIRST/AFTER, adding a TIMESTAMP column defaulting to CURRENT_TIMESTAMP, several column operations in one ALTER.',
    source: `Aurora User Guide, "Add data to the source DB cluster and query it" (${AURORA_GUIDE}/zero-etl.querying.html)`,
    enforcedBy: ['sql/schema.sql', 'rules/ddl-checks.ts', 'shared/preflight/run.ts'],
  },
  {
    id: 'S7',
    area: 'Source schema',
    statement:
      'Each column maps to a Redshift type (rules/type-mapping.ts); BLOB and spatial types have none and fail the table.',
    source: `Aurora User Guide, "Data type differences between Aurora and Amazon Redshift databases" (${AURORA_GUIDE}/zero-etl.querying.html)`,
    enforcedBy: ['rules/type-mapping.ts', 'rules/table-checks.ts', 'local/dataplane/cdc/table-state.ts'],
  },
  {
    id: 'S8',
    area: 'Source schema',
    statement:
      'Redshift VARCHAR holds at most 65,535 bytes (longer values fail the table unless the database uses TRUNCATECOLUMNS); text is UTF-8.',
    source: `Aurora User Guide, "Data type differences between Aurora and Amazon Redshift databases" (${AURORA_GUIDE}/zero-etl.querying.html)`,
    enforcedBy: ['rules/type-mapping.ts', 'lambda/src/domain/resources.ts', 'sql/schema.sql'],
  },
  {
    id: 'S9',
    area: 'Source schema',
    statement:
      'Identifiers are at most 127 bytes in Redshift, and the column names oid, tableoid, xmin, cmin, xmax, cmax and ctid are reserved.',
    source: 'Redshift Database Developer Guide, "Names and identifiers" and "System columns"',
    enforcedBy: ['rules/table-checks.ts'],
  },
  {
    id: 'S10',
    area: 'Source schema',
    statement:
      'A replicated table has at most 1,600 columns, the most a Redshift table can have; a wider table goes Failed (and an InnoDB table has at most 1,017 anyway).',
    source:
      'Redshift Database Developer Guide, "CREATE TABLE", usage notes (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_usage.html); MySQL Reference Manual, "Limits on InnoDB Tables"',
    enforcedBy: ['rules/table-checks.ts'],
  },
  {
    id: 'M1',
    area: 'Monitoring',
    statement:
      'Zero-ETL metrics (IntegrationLag, IntegrationNumTablesReplicated, IntegrationNumTablesFailedReplication, …) are published by Redshift every 60 seconds with the one dimension IntegrationId, not in AWS/RDS; the page does not name the namespace, so AWS/Redshift is unverified here.',
    source: `Redshift Management Guide, "Metrics for zero-ETL integrations" (${REDSHIFT_GUIDE}/zero-etl-using.metrics.html): each metric lists "Dimensions: IntegrationId" and "Update Frequency: 60 seconds"`,
    enforcedBy: ['rules/monitoring.ts', 'stacks/constructs/monitoring/alarms.ts'],
  },
  {
    id: 'L1',
    area: 'Lambda',
    statement:
      "A function's reserved concurrency must leave at least 100 of the account's executions unreserved; new accounts start with a far lower quota, where any reservation is refused. The ingestion reserves none unless configured (its runs take a database lock anyway).",
    source:
      'Lambda API Reference, "PutFunctionConcurrency"; Lambda Developer Guide, "Configuring reserved concurrency"',
    enforcedBy: ['rules/lambda.ts', 'stacks/config/schema.ts', 'stacks/constructs/vpc-function.ts'],
  },
  {
    id: 'P1',
    area: 'Project policy',
    statement:
      'Aurora accepts TLS connections only (require_secure_transport=ON); the Lambda connects with the Amazon RDS CA bundle.',
    source: 'This project (a security choice, not a zero-ETL requirement)',
    enforcedBy: ['rules/aurora.ts', 'stacks/constructs/aurora.ts', 'lambda/src/adapters/mysql-database.ts'],
  },
];

/** The definition of `id`, or undefined when the project never defined it. */
export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.id === id);
}
