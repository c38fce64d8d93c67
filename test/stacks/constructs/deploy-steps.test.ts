import 'cdktf/lib/testing/adapters/jest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataResource, Testing } from 'cdktf';
import {
  DeployScripts,
  DeployStep,
  applySchemaStep,
  createIntegrationDatabaseStep,
  INTEGRATION_TARGETS_RECORD,
  rebootInstancesStep,
  workgroupParametersStep,
} from '../../../stacks/constructs/deploy-steps';
import { SCRIPTS_DIR } from '../../../paths';
import { type Json } from '../../harness/json';

Testing.setupJest();

const scriptsDir = mkdtempSync(join(tmpdir(), 'deploy-scripts-'));
writeFileSync(join(scriptsDir, 'reboot-instances-if-pending'), '#!/usr/bin/env bash\n');

function synthSteps(): Record<string, Json> {
  const json = Testing.synthScope((scope) => {
    const scripts = new DeployScripts(scope, 'scripts', { sourceDir: scriptsDir });
    const writer = new DataResource(scope, 'writer');
    const base = { scripts, region: 'eu-west-1' };
    const reboot = new DeployStep(scope, 'reboot', {
      ...base,
      ...rebootInstancesStep({ clusterId: 'zero-etl-test-aurora', rebootParameterHash: 'abc123' }),
      dependsOn: [writer],
    });
    new DeployStep(scope, 'schema', {
      ...base,
      ...applySchemaStep({
        functionName: 'zero-etl-test-ingest',
        functionVersion: '7',
        schemaHash: 'def456',
      }),
      timeoutSeconds: 600,
      dependsOn: [reboot.resource],
    });
    new DeployStep(scope, 'database', {
      ...base,
      ...createIntegrationDatabaseStep({
        integrationArn: 'arn:aws:rds:eu-west-1:123456789012:integration:1234',
        workgroupName: 'zero-etl-test',
        adminSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin',
        targetDatabase: 'analytics',
        connectDatabase: 'dev',
      }),
      dependsOn: [],
    });
    new DeployStep(scope, 'parameters', {
      ...base,
      ...workgroupParametersStep({
        workgroupName: 'zero-etl-test',
        parameters: { require_ssl: 'true', enable_case_sensitive_identifier: 'true' },
      }),
      dependsOn: [],
    });
  });
  const steps = JSON.parse(json).resource.terraform_data as Record<string, Json>;
  return Object.fromEntries(Object.entries(steps).map(([id, step]) => [id.split('_')[0], step]));
}

describe('deploy steps', () => {
  const steps = synthSteps();

  it('are terraform_data resources running the scripts from the stack folder with bash', () => {
    expect(steps.reboot.provisioner[0]['local-exec'].command).toMatch(
      /^bash "assets\/scripts_[0-9A-F]+\/[0-9A-F]+\/reboot-instances-if-pending"$/,
    );
    expect(steps.schema.provisioner[0]['local-exec'].command).toMatch(/\/apply-schema"$/);
    expect(steps.database.provisioner[0]['local-exec'].command).toMatch(/\/create-integration-database"$/);
  });

  it('leave the wait bound to the scripts unless a step sets its own timeout', () => {
    expect(steps.reboot.provisioner[0]['local-exec'].environment).not.toHaveProperty('TIMEOUT_SECONDS');
    expect(steps.schema.provisioner[0]['local-exec'].environment.TIMEOUT_SECONDS).toBe('600');
  });

  it('re-run the reboot when the parameter set changes, with the cluster id in the environment (A7)', () => {
    expect(steps.reboot.triggers_replace).toEqual({
      cluster_id: 'zero-etl-test-aurora',
      reboot_parameters_sha256: 'abc123',
    });
    expect(steps.reboot.provisioner[0]['local-exec'].environment).toEqual({
      CLUSTER_ID: 'zero-etl-test-aurora',
      AWS_REGION: 'eu-west-1',
    });
  });

  it('re-run the schema when the schema or the function version changes, after the reboot', () => {
    expect(steps.schema.triggers_replace).toEqual({ schema_sha256: 'def456', function_version: '7' });
    expect(steps.schema.provisioner[0]['local-exec'].environment).toEqual({
      FUNCTION_NAME: 'zero-etl-test-ingest',
      AWS_REGION: 'eu-west-1',
      TIMEOUT_SECONDS: '600',
    });
    expect(steps.schema.depends_on).toEqual([expect.stringMatching(/^terraform_data\.reboot_/)]);
  });

  it('pass the integration, workgroup, admin secret and databases to CREATE DATABASE (R6, R7)', () => {
    expect(steps.database.provisioner[0]['local-exec'].environment).toEqual({
      INTEGRATION_ARN: 'arn:aws:rds:eu-west-1:123456789012:integration:1234',
      WORKGROUP_NAME: 'zero-etl-test',
      ADMIN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin',
      TARGET_DATABASE: 'analytics',
      CONNECT_DATABASE: 'dev',
      AWS_REGION: 'eu-west-1',
    });
    expect(steps.database.triggers_replace).toEqual({
      integration_arn: 'arn:aws:rds:eu-west-1:123456789012:integration:1234',
      target_database: 'analytics',
      record: INTEGRATION_TARGETS_RECORD,
    });
  });

  it('re-runs CREATE DATABASE once where an earlier release ran it: the trigger names the record the script keeps', () => {
    // A new trigger value replaces the step: it then records the database it finds fed by its
    // integration, so a later data-filter change can drop and re-create it.
    const script = readFileSync(join(SCRIPTS_DIR, 'create-integration-database'), 'utf8');
    expect(script).toContain(`\nRECORD_TABLE=${INTEGRATION_TARGETS_RECORD}\n`);
  });

  it('keep the workgroup parameters: the desired set in the environment, its hash as the trigger (K2)', () => {
    const desired = '{"enable_case_sensitive_identifier":"true","require_ssl":"true"}';
    expect(steps.parameters.provisioner[0]['local-exec'].command).toMatch(/\/sync-workgroup-parameters"$/);
    expect(steps.parameters.provisioner[0]['local-exec'].environment).toEqual({
      WORKGROUP_NAME: 'zero-etl-test',
      CONFIG_PARAMETERS: desired,
      AWS_REGION: 'eu-west-1',
    });
    expect(steps.parameters.triggers_replace).toEqual({
      workgroup_name: 'zero-etl-test',
      parameters_sha256: createHash('sha256').update(desired).digest('hex'),
    });
  });
});
