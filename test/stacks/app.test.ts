import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { ConfigValidationError, PROJECT_CONFIG } from '../../stacks/config';
import { synthStackDir } from '../harness/terraform';
import { secretLikeValues } from '../harness/stack-plans';
import { type Json } from '../harness/json';

describe('buildApp', () => {
  it('adds the bootstrap stack and one stack per environment', () => {
    const app = buildApp(Testing.app(), { env: {} });
    expect(app.node.children.map((child) => child.node.id)).toEqual(['bootstrap', 'dev', 'prod']);
  });

  it('fails synth with every configuration problem, naming field, rule and fix', () => {
    const config = structuredClone(PROJECT_CONFIG) as Json;
    config.environments.prod.aurora.engineVersion = '8.0.mysql_aurora.3.04.1';
    config.environments.prod.redshift.baseCapacity = 2000;
    expect(() => buildApp(Testing.app(), { config, env: {} })).toThrow(ConfigValidationError);
    expect(() => buildApp(Testing.app(), { config, env: {} })).toThrow(
      /environments\.prod\.aurora\.engineVersion: A1: .*Fix: .*\n.*environments\.prod\.redshift\.baseCapacity: /,
    );
  });

  it('bundles the ingestion Lambda into each environment stack as a zip asset', () => {
    const app = buildApp(Testing.app(), { env: {} });
    const dir = synthStackDir(app.node.findChild('dev') as TerraformStack);
    const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
    const [fn]: Json[] = Object.values(stack.resource.aws_lambda_function);
    expect(fn.filename).toMatch(/^assets\/ingest_bundle_[0-9A-F]+\/[0-9A-F]+\/lambda-[0-9a-f]{16}\.zip$/);
    expect(readFileSync(join(dir, fn.filename)).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('secret detection used by the plan specifications', () => {
  it('finds password-like values and ignores ARNs, ids and managed-password switches', () => {
    const found = secretLikeValues({
      resource: {
        a: {
          master_password: 'hunter2',
          manage_master_user_password: true,
          master_user_secret_kms_key_id: 'k',
        },
        b: { admin_password_secret_arn: 'arn:x', nested: [{ secret_string: 's3cr3t' }] },
        c: { user_data: 'export DB_PASSWORD=hunter22', description: 'no secret here' },
      },
    });
    expect(found).toEqual([
      ['resource.a.master_password', 'hunter2'],
      ['resource.b.nested[0].secret_string', 's3cr3t'],
      ['resource.c.user_data', 'export DB_PASSWORD=hunter22'],
    ]);
  });
});
