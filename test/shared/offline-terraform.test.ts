/**
 * The offline plan harness against real terraform: a plan runs `plan` and `show -json` only, so the
 * text, the validation result and every failure's message must come out of those (and, for a
 * failed plan, one `terraform validate`) as they did when the harness validated and showed first.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Construct } from 'constructs';
import { DataResource, Fn, Op, Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { type OfflinePlanResult } from '../../shared/offline-terraform';
import { planOffline, synthStackDir } from '../harness/terraform';

const run = promisify(execFile);

type Variant = 'valid' | 'unknown-arguments' | 'broken-reference' | 'failing-plan';

/** One role whose trust policy is a data source (read at plan time), with a deprecated argument. */
class HarnessStack extends TerraformStack {
  constructor(scope: Construct, id: string, variant: Variant) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'us-east-1' });
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: 'harness-role',
      assumeRolePolicy: trust.json,
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], // deprecated in provider 5.x
    });
    if (variant === 'unknown-arguments') {
      new S3Bucket(this, 'bucket', { bucket: 'harness-bucket' }).addOverride('no_such_argument', true);
      role.addOverride('nor_this_one', 'x');
    }
    if (variant === 'broken-reference') role.addOverride('description', '${aws_s3_bucket.missing.arn}');
    if (variant === 'failing-plan') {
      // Both need a variable's value, which `terraform validate` does not have: plan-time errors.
      const cidr = new TerraformVariable(this, 'cidr', { type: 'string', default: '10.0.0.0/16' });
      new DataResource(this, 'subnet', { input: { subnet: Fn.cidrsubnet(cidr.stringValue, 8, 300) } });
      new DataResource(this, 'guarded', {
        input: { guarded: true },
        lifecycle: {
          precondition: [
            { condition: Op.gt(Fn.lengthOf(cidr.stringValue), 20), errorMessage: 'The CIDR is too short.' },
          ],
        },
      });
    }
  }
}

const plans = new Map<Variant, Promise<OfflinePlanResult>>();
const planOf = (variant: Variant) => plans.get(variant)!;

beforeAll(() => {
  // All four at once: the harness bounds how many run together.
  for (const variant of ['valid', 'unknown-arguments', 'broken-reference', 'failing-plan'] as const) {
    const stackDir = synthStackDir(new HarnessStack(Testing.app(), 'harness', variant));
    const pending = planOffline(stackDir, { keepWorkDir: variant === 'valid' });
    pending.catch(() => undefined); // each test awaits its own
    plans.set(variant, pending);
  }
});

describe('planOffline', () => {
  it('returns the plan, a valid validation with the warnings, and the text terraform show prints', async () => {
    const result = await planOf('valid');
    try {
      expect(result.plan.resource_changes?.map((c) => [c.address, c.change.actions])).toEqual([
        ['aws_iam_role.role', ['create']],
      ]);
      expect(result.validation.valid).toBe(true);
      expect(result.validation.diagnostics).toEqual([
        {
          severity: 'warning',
          summary: 'Argument is deprecated',
          detail: expect.stringMatching(
            /^with aws_iam_role\.role,\n[\s\S]*managed_policy_arns is deprecated/,
          ),
        },
      ]);

      const cliConfig = join(result.workDir, '.terraformrc.offline');
      const env = { ...process.env, ...(existsSync(cliConfig) ? { TF_CLI_CONFIG_FILE: cliConfig } : {}) };
      const show = await run('terraform', ['show', '-no-color', 'offline.tfplan'], {
        cwd: result.workDir,
        env,
      });
      // The plan's own output: the plan as `show` prints it, then the warnings; no read progress.
      expect(result.text).not.toMatch(/Reading\.\.\.|Read complete/);
      expect(result.text.startsWith(show.stdout.trimEnd())).toBe(true);
      expect(result.text.slice(show.stdout.trimEnd().length)).toMatch(
        /^\s*Warning: Argument is deprecated\n/,
      );
    } finally {
      rmSync(result.workDir, { recursive: true, force: true });
    }
  });

  it('fails an invalid configuration with terraform validate’s report of every problem', async () => {
    const failure = planOf('unknown-arguments');
    await expect(failure).rejects.toThrow(/^terraform validate found problems:\n/);
    for (const argument of ['no_such_argument', 'nor_this_one']) {
      await expect(failure).rejects.toThrow(
        new RegExp(
          `error: Extraneous JSON object property \\(cdk\\.tf\\.json line \\d+\\) No argument or block type is named "${argument}"\\.`,
        ),
      );
    }
  });

  it('fails a broken reference with terraform validate’s message', async () => {
    await expect(planOf('broken-reference')).rejects.toThrow(
      /^terraform validate found problems:\nerror: Reference to undeclared resource \(cdk\.tf\.json line \d+\) A managed resource "aws_s3_bucket" "missing" has not been declared in the root module\./,
    );
  });

  it('fails a plan-time error with terraform plan’s own error text', async () => {
    const failure = planOf('failing-plan');
    await expect(failure).rejects.toThrow(/^terraform plan failed in \S+:\n/);
    await expect(failure).rejects.toThrow(
      /Error: Error in function call\n[\s\S]*Call to function "cidrsubnet" failed: prefix extension of 8 does not\naccommodate a subnet numbered 300\./,
    );
    await expect(failure).rejects.toThrow(
      /Error: Resource precondition failed\n[\s\S]*The CIDR is too short\./,
    );
  });
});
