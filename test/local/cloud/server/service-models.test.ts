/**
 * local/cloud/server/local_cloud/service_models.py: every operation the local cloud adds is held to
 * AWS's published models (the botocore awscli vendors). The check catches an invented member, a
 * wrong type or enum, a missing required member and an undeclared error code, validates requests
 * like AWS's front end (patterns and maximums included), and in the server turns a violation into
 * a loud HTTP 500 that names the member path.
 */
import { pythonJson } from '../../../harness/local-cloud-python';

const CHECK = `
import json
from local_cloud import service_models as m
`;

describe("the local cloud's model check", () => {
  it('names an invented member, a wrong type, an enum value the model lacks and a missing required member, by path', async () => {
    const problems = await pythonJson<string[]>(`${CHECK}
output = m.operation_model('redshift-serverless', 'GetWorkgroup').output_shape
answer = {'workgroup': {'workgroupName': 'wg', 'status': 'SLEEPING', 'baseCapacity': '8', 'inventedMember': True}}
tags = m.operation_model('redshift-serverless', 'ListTagsForResource').output_shape
print(json.dumps(m.output_problems(answer, output) + m.output_problems({'tags': [{'key': 'a'}]}, tags)))
`);

    expect(problems).toEqual([
      'workgroup.inventedMember: no such member in Workgroup',
      "workgroup.baseCapacity: expected integer (Integer), got str '8'",
      "workgroup.status: 'SLEEPING' is not one of WorkgroupStatus's values ['CREATING', 'AVAILABLE', 'MODIFYING', 'DELETING']",
      'tags[0].value: required by Tag but missing',
    ]);
  });

  it('accepts only the error codes an operation declares or every AWS API may answer', async () => {
    const problems = await pythonJson<Array<string | null>>(`${CHECK}
create = m.operation_model('rds', 'CreateIntegration')
print(json.dumps([m.error_problem(create, code) for code in ['KMSKeyNotAccessibleFault', 'InvalidParameterCombination', 'IntegrationNotFoundFault']]))
`);

    expect(problems[0]).toBeNull();
    expect(problems[1]).toBeNull();
    expect(problems[2]).toMatch(
      /^error code IntegrationNotFoundFault is neither declared by CreateIntegration/,
    );
  });

  it("validates requests like AWS's front end: required members, types, patterns and maximums", async () => {
    const problems = await pythonJson<string[]>(`${CHECK}
create = m.operation_model('rds', 'CreateIntegration')
print(json.dumps(m.request_problems(create, {'SourceArn': 'arn:aws:rds:us-east-1:111111111111:cluster:c', 'IntegrationName': 'no_underscores', 'Description': 'x' * 1001})))
`);

    expect(problems).toEqual([
      'Missing required parameter in input: "TargetArn"',
      "Value 'no_underscores' at 'IntegrationName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z](?:-?[a-zA-Z0-9]+)*",
      "Value at 'Description' failed to satisfy constraint: Member must have length less than or equal to 1000",
    ]);
  });

  it('turns an answer that violates the model into HTTP 500 naming the member, in the server', async () => {
    const answer = await pythonJson<{ status: number; body: string }>(`${CHECK}
from local_cloud.registry import install
install()
from local_cloud import redshift_serverless as rs
from moto.moto_server.werkzeug_app import create_backend_app

def invented(self, params):
    return {'namespace': {'namespaceName': params['namespaceName'], 'inventedMember': 1}}

rs.RedshiftServerlessResponse.get_namespace = m.operation('redshift-serverless', 'GetNamespace')(invented)
client = create_backend_app('redshiftserverless').test_client()
response = client.post('/', data=json.dumps({'namespaceName': 'warehouse'}), headers={
    'X-Amz-Target': 'RedshiftServerless.GetNamespace',
    'Content-Type': 'application/x-amz-json-1.1',
    'Authorization': 'AWS4-HMAC-SHA256 Credential=AKIALOCALCLOUDTESTS0/20260101/us-east-1/redshift-serverless/aws4_request, SignedHeaders=host, Signature=0',
})
print(json.dumps({'status': response.status_code, 'body': response.get_data(as_text=True)}))
`);

    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      __type: 'LocalCloudModelViolation',
      message:
        "local cloud: the answer of redshift-serverless GetNamespace violates AWS's published model: namespace.inventedMember: no such member in Namespace",
    });
  });
});
