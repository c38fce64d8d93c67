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

/** What one deploy step runs: the script, the values whose change re-runs it, and its settings. */
export interface DeployStepSpec {
  /** A script in `scripts/`. */
  readonly script: string;
  /** Values whose change re-runs the step (`triggers_replace`). */
  readonly triggers: Readonly<Record<string, string>>;
  /** The script's settings (its environment; AWS_REGION and TIMEOUT_SECONDS are added). */
  readonly environment: Readonly<Record<string, string>>;
}

export interface DeployStepProps extends DeployStepSpec {
  readonly scripts: DeployScripts;
  readonly region: string;
  /** How long the step may wait for AWS. @default - the scripts' own (TIMEOUT_SECONDS in scripts/lib/common.sh) */
  readonly timeoutSeconds?: number;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * One deploy step: a `terraform_data` named after its script, whose local-exec provisioner runs the
 * script (from the stack folder) with its settings, re-run only when a trigger value changes.
 */
export class DeployStep extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: DeployStepProps) {
    super(scope, id);
    this.resource = new DataResource(this, props.script, {
      triggersReplace: { ...props.triggers },
      dependsOn: [...props.dependsOn],
      provisioners: [
        {
          type: 'local-exec',
          command: props.scripts.command(props.script),
          environment: {
            ...props.environment,
            AWS_REGION: props.region,
            ...(props.timeoutSeconds === undefined ? {} : { TIMEOUT_SECONDS: String(props.timeoutSeconds) }),
          },
        },
      ],
    });
  }
}

/**
 * A7: after a parameter that needs a reboot changed (or the cluster was created), waits a bounded
 * time for RDS to report pending-reboot (it updates the status asynchronously), then reboots every
 * instance that is pending, readers first and the writer last, each until available and in-sync.
 * `rebootParameterHash` hashes the parameters that need a reboot: a change re-runs the step.
 */
export function rebootInstancesStep(props: {
  clusterId: string;
  rebootParameterHash: string;
}): DeployStepSpec {
  return {
    script: 'reboot-instances-if-pending',
    triggers: { cluster_id: props.clusterId, reboot_parameters_sha256: props.rebootParameterHash },
    environment: { CLUSTER_ID: props.clusterId },
  };
}

/** The workgroup parameters as the sync step's CONFIG_PARAMETERS: a JSON object, keys sorted. */
export function workgroupParametersJson(parameters: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b))),
  );
}

/**
 * K2/R2: Terraform sets the workgroup's config parameters at creation only (it ignores them
 * afterwards); this step reads the live values with GetWorkgroup, updates exactly the ones that
 * differ, and fails unless the workgroup then holds every one. Re-runs when the set changes.
 */
export function workgroupParametersStep(props: {
  workgroupName: string;
  parameters: Readonly<Record<string, string>>;
}): DeployStepSpec {
  const parameters = workgroupParametersJson(props.parameters);
  return {
    script: 'sync-workgroup-parameters',
    triggers: {
      workgroup_name: props.workgroupName,
      parameters_sha256: createHash('sha256').update(parameters).digest('hex'),
    },
    environment: { WORKGROUP_NAME: props.workgroupName, CONFIG_PARAMETERS: parameters },
  };
}

/**
 * Applies sql/schema.sql and creates the ingestion user by invoking the migrate function's `migrate`
 * action (no network path into the VPC needed). Re-runs on new code (`functionVersion`, the published
 * version) or a new schema (`schemaHash`).
 */
export function applySchemaStep(props: {
  functionName: string;
  functionVersion: string;
  schemaHash: string;
}): DeployStepSpec {
  return {
    script: 'apply-schema',
    triggers: { schema_sha256: props.schemaHash, function_version: props.functionVersion },
    environment: { FUNCTION_NAME: props.functionName },
  };
}

/**
 * Where scripts/create-integration-database records the target databases it created (in the
 * connect database). A trigger of the step: a stack deployed before the record existed re-runs the
 * step once, which records the target database it finds fed by its integration, so a later
 * replacement of the integration can re-create it.
 */
export const INTEGRATION_TARGETS_RECORD = 'zero_etl_deploy.integration_targets';

/**
 * R6/R7/R11: once the integration is active, CREATE DATABASE … FROM INTEGRATION through the Data API,
 * as the namespace's managed admin (a superuser, R7), connected to `connectDatabase` (the namespace's own);
 * when the integration was replaced, the target database the step created is dropped and created again.
 */
export function createIntegrationDatabaseStep(props: {
  integrationArn: string;
  workgroupName: string;
  adminSecretArn: string;
  targetDatabase: string;
  connectDatabase: string;
}): DeployStepSpec {
  return {
    script: 'create-integration-database',
    triggers: {
      integration_arn: props.integrationArn,
      target_database: props.targetDatabase,
      record: INTEGRATION_TARGETS_RECORD,
    },
    environment: {
      INTEGRATION_ARN: props.integrationArn,
      WORKGROUP_NAME: props.workgroupName,
      ADMIN_SECRET_ARN: props.adminSecretArn,
      TARGET_DATABASE: props.targetDatabase,
      CONNECT_DATABASE: props.connectDatabase,
    },
  };
}
