/**
 * local/cloud/server/local_cloud/registry.py, the one module that touches moto's internals: it
 * refuses another moto version, refuses to shadow an operation or a service moto gains, overrides
 * only attributes moto has, and installs exactly the pinned set of operations and overrides.
 */
import { pythonJson, runLocalCloudPython } from '../../../harness/local-cloud-python';

describe("the local cloud's registry of moto extensions", () => {
  it('refuses to start on another moto version, naming what to re-check', async () => {
    const run = await runLocalCloudPython(`
import moto
moto.__version__ = '5.3.0'
from local_cloud.__main__ import main
main(['-p', '1'])
`);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'local cloud: the local cloud extends moto 5.2.5 through its internals (local/cloud/server/local_cloud/registry.py), but moto 5.3.0 is installed',
    );
  });

  it('refuses to add an operation moto has gained, and a service moto already routes', async () => {
    const refusals = await pythonJson<string[]>(`
import json
from moto.rds.responses import RDSResponse
from local_cloud import registry, redshift_serverless
RDSResponse.create_integration = lambda self: 'moto now has it'
messages = []
try:
    registry.install()
except registry.RegistryError as error:
    messages.append(str(error))
try:
    registry.register_service('rds', 'https?://rds.(.+).amazonaws.com', redshift_serverless, 'redshiftserverless_backends')
except registry.RegistryError as error:
    messages.append(str(error))
print(json.dumps(messages))
`);

    expect(refusals).toEqual([
      expect.stringContaining("moto's RDSResponse now implements create_integration itself"),
      'moto now ships its own moto.rds: drop ours or merge it, then update the registry.',
    ]);
  });

  it('overrides only what moto has, of the kind expected', async () => {
    const refusals = await pythonJson<string[]>(`
import json
from moto.rds.models import DBCluster, RDSBackend
from local_cloud import registry
messages = []
for owner, name, kind in [(RDSBackend, 'no_such_method', None), (DBCluster, 'db_cluster_members', type(lambda: 0))]:
    try:
        registry.override(owner, name, None, 'test', kind)
    except registry.RegistryError as error:
        messages.append(str(error))
print(json.dumps(messages))
`);

    expect(refusals).toEqual([
      "moto's RDSBackend no longer has no_such_method: re-check the override (test).",
      "moto's DBCluster.db_cluster_members is a property, not a function: re-check the override (test).",
    ]);
  });

  it('installs the pinned operations, service and overrides, nothing else', async () => {
    const installed = await pythonJson<{ operations: string[]; services: string[]; overrides: string[] }>(`
import json
from local_cloud import registry
registry.install()
print(json.dumps({
    'operations': [f'{owner}.{name}' for owner, name in registry.ADDED_OPERATIONS],
    'services': registry.REGISTERED_SERVICES,
    'overrides': [f'{o.owner}.{o.attribute}' for o in registry.OVERRIDES],
    'routes': registry.ADDED_ROUTES,
}))
`);

    expect(installed).toEqual({
      routes: [
        '/moto-api/local-cloud/v1/access-keys/(?P<access_key_id>[^/]+)$',
        '/moto-api/local-cloud/v1/authorize$',
      ],
      operations: [
        'RedshiftResponse.put_resource_policy',
        'RedshiftResponse.get_resource_policy',
        'RedshiftResponse.delete_resource_policy',
        'RDSResponse.create_integration',
        'RDSResponse.describe_integrations',
        'RDSResponse.modify_integration',
        'RDSResponse.delete_integration',
        'SecretsManagerResponse._determine_resource',
      ],
      services: ['redshiftserverless'],
      overrides: [
        'IAMRequestBase._create_aws_request',
        'RDSBackend._get_resource_for_tagging',
        'RDSBackend.modify_db_cluster_parameter_group',
        'RDSBackend.reboot_db_instance',
        'RDSBackend.describe_db_instances',
        'DBCluster.db_cluster_members',
        'DBCluster.scaling_configuration_info',
        'DBInstance.__init__',
        'DBInstance.update',
        'LambdaFunction.__init__',
        'LambdaFunction.update_configuration',
        'LambdaFunction.get_configuration',
        'SecurityGroupRule.description',
        'S3Response.get_bucket_notification',
        'IAMRequest._raise_access_denied',
      ],
    });
  });

  it('with a data plane (LOCAL_CLOUD_BRIDGE_URL), also forwards RDS clusters, the Data API and Lambda Invoke, nothing else', async () => {
    const installed = await pythonJson<{ operations: string[]; overrides: string[] }>(`
import json, os
os.environ['LOCAL_CLOUD_BRIDGE_URL'] = 'http://127.0.0.1:9'
from local_cloud import registry
registry.install()
print(json.dumps({
    'operations': [f'{owner}.{name}' for owner, name in registry.ADDED_OPERATIONS[8:]],
    'overrides': [f'{o.owner}.{o.attribute}' for o in registry.OVERRIDES[15:]],
}))
`);

    expect(installed).toEqual({
      operations: ['RedshiftDataAPIServiceResponse.batch_execute_statement'],
      overrides: [
        'RDSBackend.create_db_cluster',
        'RDSBackend.delete_db_cluster',
        'RDSBackend.reboot_db_instance',
        'DBCluster.endpoint',
        'DBCluster.reader_endpoint',
        'RedshiftDataAPIServiceResponse.execute_statement',
        'RedshiftDataAPIServiceResponse.describe_statement',
        'RedshiftDataAPIServiceResponse.get_statement_result',
        'LambdaResponse.invoke',
      ],
    });
  });
});
