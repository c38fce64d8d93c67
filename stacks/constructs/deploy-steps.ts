/**
 * The deploy steps that are usually done by hand, as `terraform_data` resources with local-exec
 * provisioners calling `scripts/`. They run on the machine that applies (it needs the `aws` CLI)
 * and re-run only when their `triggers_replace` values change.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { AssetType, DataResource, TerraformAsset, type ITerraformDependable } from 'cdktf';

export interface DeployScriptsProps {
  /** The repository's `scripts/` folder. */
  readonly sourceDir: string;
}

/**
 * Copies `scripts/` into the synthesized stack as an asset, so commands use paths relative to the
 * stack folder Terraform runs in (cdktf.out/stacks/<stack>) and a copied stack folder still works.
 */
export class DeployScripts extends Construct {
  private readonly dir: string;

  constructor(scope: Construct, id: string, props: DeployScriptsProps) {
    super(scope, id);
    this.dir = new TerraformAsset(this, 'scripts', { path: props.sourceDir, type: AssetType.DIRECTORY }).path;
  }

  /** The local-exec command running `scripts/<name>` (run with bash: asset copies may drop the executable bit). */
  command(name: string): string {
    return `bash "${this.dir}/${name}"`;
  }
}

interface StepBaseProps {
  readonly scripts: DeployScripts;
  readonly region: string;
  /** How long a step may wait for AWS. @default - the scripts' own (TIMEOUT_SECONDS in scripts/lib/common.sh) */
  readonly timeoutSeconds?: number;
  readonly dependsOn: readonly ITerraformDependable[];
}

function step(
  scope: Construct,
  id: string,
  props: StepBaseProps,
  script: string,
  triggers: Record<string, string>,
  environment: Record<string, string>,
): DataResource {
  return new DataResource(scope, id, {
    triggersReplace: triggers,
    dependsOn: [...props.dependsOn],
    provisioners: [
      {
        type: 'local-exec',
        command: props.scripts.command(script),
        environment: {
          ...environment,
          AWS_REGION: props.region,
          ...(props.timeoutSeconds === undefined ? {} : { TIMEOUT_SECONDS: String(props.timeoutSeconds) }),
        },
      },
    ],
  });
}

export interface RebootInstancesStepProps extends StepBaseProps {
  readonly clusterId: string;
  /** Hash of the parameters that need a reboot: a change re-runs the step (A7). */
  readonly rebootParameterHash: string;
}

/**
 * A7: after a parameter that needs a reboot changed (or the cluster was created), waits a bounded time for RDS to
 * report pending-reboot (it updates the status asynchronously), then reboots every instance that is
 * pending, readers first and the writer last, each until available and in-sync.
 */
export class RebootInstancesStep extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: RebootInstancesStepProps) {
    super(scope, id);
    this.resource = step(
      this,
      'reboot-instances-if-pending',
      props,
      'reboot-instances-if-pending',
      { cluster_id: props.clusterId, reboot_parameters_sha256: props.rebootParameterHash },
      { CLUSTER_ID: props.clusterId },
    );
  }
}

export interface WorkgroupParametersStepProps extends StepBaseProps {
  readonly workgroupName: string;
  /** The config parameters the workgroup must hold (K2, R2). */
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * K2/R2: Terraform sets the workgroup's config parameters at creation only (it ignores them
 * afterwards); this step reads the live values with GetWorkgroup, updates exactly the ones that
 * differ, and fails unless the workgroup then holds every one. Re-runs when the set changes.
 */
export class WorkgroupParametersStep extends Construct {
  readonly resource: DataResource;
  /** The parameters as the step's CONFIG_PARAMETERS (a JSON object, keys sorted): for a drift check. */
  readonly parametersJson: string;

  constructor(scope: Construct, id: string, props: WorkgroupParametersStepProps) {
    super(scope, id);
    const parameters = JSON.stringify(
      Object.fromEntries(Object.entries(props.parameters).sort(([a], [b]) => a.localeCompare(b))),
    );
    this.resource = step(
      this,
      'sync-workgroup-parameters',
      props,
      'sync-workgroup-parameters',
      {
        workgroup_name: props.workgroupName,
        parameters_sha256: createHash('sha256').update(parameters).digest('hex'),
      },
      { WORKGROUP_NAME: props.workgroupName, CONFIG_PARAMETERS: parameters },
    );
    this.parametersJson = parameters;
  }
}

export interface ApplySchemaStepProps extends StepBaseProps {
  readonly functionName: string;
  /** Published version of the function: new code re-runs the step. */
  readonly functionVersion: string;
  /** Hash of sql/schema.sql: a schema change re-runs the step. */
  readonly schemaHash: string;
}

/**
 * Applies sql/schema.sql and creates the ingestion user by invoking the migrate function's `migrate`
 * action (no network path into the VPC needed). Re-runs on new code or a new schema.
 */
export class ApplySchemaStep extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: ApplySchemaStepProps) {
    super(scope, id);
    this.resource = step(
      this,
      'apply-schema',
      props,
      'apply-schema',
      { schema_sha256: props.schemaHash, function_version: props.functionVersion },
      { FUNCTION_NAME: props.functionName },
    );
  }
}

export interface CreateIntegrationDatabaseStepProps extends StepBaseProps {
  readonly integrationArn: string;
  readonly workgroupName: string;
  /** The namespace's managed admin secret (superuser, R7). */
  readonly adminSecretArn: string;
  /** Database to create FROM INTEGRATION (R6). */
  readonly targetDatabase: string;
  /** An existing database to connect to while creating it (the namespace's own). */
  readonly connectDatabase: string;
}

/** R6/R7/R11: once the integration is active, CREATE DATABASE … FROM INTEGRATION through the Data API. */
export class CreateIntegrationDatabaseStep extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: CreateIntegrationDatabaseStepProps) {
    super(scope, id);
    this.resource = step(
      this,
      'create-integration-database',
      props,
      'create-integration-database',
      { integration_arn: props.integrationArn, target_database: props.targetDatabase },
      {
        INTEGRATION_ARN: props.integrationArn,
        WORKGROUP_NAME: props.workgroupName,
        ADMIN_SECRET_ARN: props.adminSecretArn,
        TARGET_DATABASE: props.targetDatabase,
        CONNECT_DATABASE: props.connectDatabase,
      },
    );
  }
}
