/**
 * One AWS provider process per terraform command (TF_REATTACH_PROVIDERS), against real terraform and
 * provider 5.100.0: the same plan as terraform's own provider starts, a clean stop, and the limit
 * that decides which commands may use it (where a CA bundle is in effect, the provider accepts one
 * ConfigureProvider per process).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import { type Construct } from 'constructs';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { PROJECT_ROOT } from '../../paths';
import { type OfflinePlanResult } from '../../shared/offline-terraform';
import {
  awsProviderBlocks,
  installedAwsProvider,
  providerForCommand,
  reattachable,
  reconfigurable,
} from '../../shared/reattached-provider';
import { planOffline, synthStackDir } from '../harness/terraform';

const run = promisify(execFile);

class RoleStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
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
    new IamRole(this, 'role', { name: 'reattach-role', assumeRolePolicy: trust.json });
  }
}

describe('reattachable', () => {
  it.each([
    [['plan', '-input=false', '-out=x.tfplan'], true],
    [['plan', '-detailed-exitcode', '-lock=false'], true],
    [['apply', '-input=false', 'x.tfplan'], true],
    [['show', '-json', 'x.tfplan'], true],
    [['validate', '-json'], true],
    // Two walks, two ConfigureProvider calls: terraform starts its own providers.
    [['apply', '-auto-approve', '-input=false'], false],
    [['plan', '-destroy', '-out=x.tfplan'], false],
    [['plan', '-refresh-only'], false],
    [['plan', '--destroy'], false],
    [['apply', '-var', 'x=y'], false],
    [['apply', '-input=false', '-target', 'aws_iam_role.role', 'x.tfplan'], false],
    [['apply', '-input=false', '-target=aws_iam_role.role', 'x.tfplan'], true],
    [['destroy', '-auto-approve'], false],
    // No provider at all.
    [['init', '-input=false'], false],
    [['state', 'list'], false],
  ])('%j: %s', (args, expected) => {
    expect(reattachable(args)).toBe(expected);
  });

  it.each([
    // Where no CA bundle can be in effect, one process serves every walk that configures it.
    [['destroy', '-auto-approve'], true],
    [['apply', '-auto-approve', '-input=false'], true],
    [['plan', '-destroy', '-out=x.tfplan'], true],
    [['plan', '-refresh-only'], true],
    [['apply', '-input=false', 'x.tfplan'], true],
    [['init', '-input=false'], false],
    [['state', 'list'], false],
  ])('%j, reconfigurable: %s', (args, expected) => {
    expect(reattachable(args, {}, { reconfigurable: true })).toBe(expected);
  });
});

describe('reconfigurable', () => {
  const stack = { provider: { aws: [{ region: 'us-east-1' }] } };
  const clean = { AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

  it('holds only where no CA bundle can reach the provider', () => {
    expect(reconfigurable(clean, stack)).toBe(true);
    expect(reconfigurable(clean, {})).toBe(true);
    expect(reconfigurable({ ...clean, AWS_CA_BUNDLE: '/etc/proxy-ca.pem' }, stack)).toBe(false);
    // A profile of a shared config file may name a ca_bundle.
    expect(reconfigurable({}, stack)).toBe(false);
    expect(reconfigurable({ ...clean, AWS_CONFIG_FILE: '/home/me/.aws/config' }, stack)).toBe(false);
    // So may a profile of a shared credentials file.
    expect(reconfigurable({ AWS_CONFIG_FILE: '/dev/null' }, stack)).toBe(false);
    expect(
      reconfigurable(clean, {
        provider: { aws: [{ shared_credentials_files: ['/home/me/.aws/credentials'] }] },
      }),
    ).toBe(false);
    expect(
      reconfigurable(clean, { provider: { aws: [{ region: 'us-east-1', custom_ca_bundle: 'ca.pem' }] } }),
    ).toBe(false);
    expect(
      reconfigurable(clean, { provider: { aws: [{ shared_config_files: ['/home/me/.aws/config'] }] } }),
    ).toBe(false);
  });
});

it('leaves commands with arguments in TF_CLI_ARGS to terraform (they are not seen here)', () => {
  expect(reattachable(['plan'], { TF_CLI_ARGS_plan: '-destroy' })).toBe(false);
  expect(reattachable(['show', '-json'], { TF_CLI_ARGS: '-no-color' })).toBe(false);
  expect(reattachable(['plan'], { TF_CLI_ARGS_apply: '-parallelism=1' })).toBe(true);
});

describe('awsProviderBlocks', () => {
  it('counts the aws blocks, aliases included', () => {
    expect(awsProviderBlocks({})).toBe(0);
    expect(awsProviderBlocks({ provider: { aws: [{ region: 'us-east-1' }] } })).toBe(1);
    expect(awsProviderBlocks({ provider: { aws: [{}, { alias: 'east' }] } })).toBe(2);
  });
});

describe('a provider process per command, with real terraform', () => {
  let reattached: OfflinePlanResult;
  let usual: OfflinePlanResult;

  beforeAll(async () => {
    const stackDir = synthStackDir(new RoleStack(Testing.app(), 'reattach'));
    [reattached, usual] = await Promise.all([
      planOffline(stackDir, { keepWorkDir: true }),
      planOffline(stackDir, { reattachProvider: false }),
    ]);
  });

  afterAll(() => {
    if (reattached) rmSync(reattached.workDir, { recursive: true, force: true });
  });

  it('plans exactly what terraform plans with the providers it starts itself', () => {
    expect(reattached.plan.resource_changes).toEqual(usual.plan.resource_changes);
    expect(reattached.plan.planned_values).toEqual(usual.plan.planned_values);
    expect(reattached.text).toBe(usual.text);
  });

  it('runs the binary terraform init installed, in the work copy, and stops it with its socket removed', async () => {
    const { workDir } = reattached;
    expect(installedAwsProvider(workDir)).toMatch(/terraform-provider-aws_v5\.100\.0_x5$/);
    const env = terraformEnv(workDir);
    const { env: withProvider, provider } = await providerForCommand(workDir, ['show', '-json'], env, {
      awsBlocks: 1,
    });
    expect(provider).toBeDefined();
    const socket = (Object.values(JSON.parse(provider!.reattach))[0] as { Addr: { String: string } }).Addr
      .String;
    try {
      expect(existsSync(socket)).toBe(true);
      // Where terraform starts it: a Lambda's `filename` and other relative paths resolve in the copy.
      expect(readlinkSync(`/proc/${provider!.process.pid}/cwd`)).toBe(realpathSync(workDir));
      const shown = await run('terraform', ['show', '-json', 'offline.tfplan'], {
        cwd: workDir,
        env: withProvider,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(JSON.parse(shown.stdout).resource_changes).toEqual(usual.plan.resource_changes);
    } finally {
      await provider!.stop();
    }
    expect(provider!.process.exitCode).toBe(0);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(dirname(socket))).toBe(false);
  });

  it('removes the socket of a provider killed outright (its own TMPDIR goes with it)', async () => {
    const { workDir } = reattached;
    const { provider } = await providerForCommand(workDir, ['plan'], terraformEnv(workDir), {
      awsBlocks: 1,
    });
    const socket = (Object.values(JSON.parse(provider!.reattach))[0] as { Addr: { String: string } }).Addr
      .String;
    expect(basename(dirname(socket))).toMatch(/^zero-etl-provider-/);
    const closed = new Promise((resolve) => provider!.process.once('close', resolve));
    provider!.process.kill('SIGKILL');
    await closed;
    expect(existsSync(dirname(socket))).toBe(false);
  });

  it('ends the provider and its TMPDIR when a signal ends the process that started it', async () => {
    const script = join(reattached.workDir, 'start-provider.ts');
    writeFileSync(
      script,
      [
        `import { providerForCommand } from ${JSON.stringify(join(PROJECT_ROOT, 'shared/reattached-provider'))};`,
        `providerForCommand(${JSON.stringify(reattached.workDir)}, ['plan'], process.env, { awsBlocks: 1 })`,
        '  .then(({ provider }) => { console.log(provider!.reattach); setInterval(() => undefined, 1000); });',
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: PROJECT_ROOT,
      env: terraformEnv(reattached.workDir),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.trim());
      });
    });
    const config = Object.values(JSON.parse(line))[0] as { Pid: number; Addr: { String: string } };
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('close', (_, signal) => resolve(signal)),
    );
    child.kill('SIGTERM');

    expect(await ended).toBe('SIGTERM');
    expect(await runningAfterAMoment(config.Pid)).toBe(false);
    expect(existsSync(dirname(config.Addr.String))).toBe(false);
  });

  it('leaves terraform to start its own providers where one process cannot serve the command', async () => {
    const { workDir } = reattached;
    const env = terraformEnv(workDir);
    for (const [args, awsBlocks] of [
      [['destroy', '-auto-approve'], 1],
      [['plan'], 2],
    ] as const) {
      const chosen = await providerForCommand(workDir, args, env, { awsBlocks });
      expect(chosen).toEqual({ env });
    }
    const developers = { ...env, TF_REATTACH_PROVIDERS: '{"registry.terraform.io/hashicorp/aws":{}}' };
    expect(await providerForCommand(workDir, ['plan'], developers, { awsBlocks: 1 })).toEqual({
      env: developers,
    });
  });

  /**
   * `terraform destroy` with one provider process, of a state that holds the policy document (read
   * into it first, by terraform's own providers): its refresh walk and its plan walk each configure
   * the provider (with nothing in the state, only one does).
   */
  const destroyWithOneProvider = async (env: NodeJS.ProcessEnv) => {
    const { workDir } = reattached;
    const quiet = ['-auto-approve', '-input=false', '-no-color', '-lock=false'];
    await run('terraform', ['apply', ...quiet, '-target=data.aws_iam_policy_document.trust'], {
      cwd: workDir,
      env,
    });
    const { provider } = await providerForCommand(workDir, ['destroy'], env, {
      awsBlocks: 1,
      reconfigurable: true,
    });
    try {
      return await run('terraform', ['destroy', ...quiet], {
        cwd: workDir,
        env: { ...env, TF_REATTACH_PROVIDERS: provider!.reattach },
      }).then(
        ({ stdout }) => stdout,
        (error: { stdout: string; stderr: string }) => `${error.stdout}${error.stderr}`,
      );
    } finally {
      await provider!.stop();
    }
  };

  it('serves every walk of a command with one process where no CA bundle is in effect', async () => {
    const env: NodeJS.ProcessEnv = {
      ...terraformEnv(reattached.workDir),
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    delete env.AWS_CA_BUNDLE;

    expect(await destroyWithOneProvider(env)).toMatch(/Destroy complete!/);
  });

  it('is limited to one configure per process where a CA bundle is in effect (the provider refuses a second)', async () => {
    const bundle = join(reattached.workDir, 'ca-bundle.pem');
    writeFileSync(bundle, rootCertificates.join('\n'));
    const env = { ...terraformEnv(reattached.workDir), AWS_CONFIG_FILE: '/dev/null', AWS_CA_BUNDLE: bundle };

    expect(reconfigurable(env, {})).toBe(false);
    expect(await destroyWithOneProvider(env)).toMatch(/unable to add custom RootCAs HTTPClient/);
  });
});

/** Whether `pid` still runs half a second later (a zombie has ended: it only awaits its parent's reaping). */
async function runningAfterAMoment(pid: number): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The environment planOffline gave terraform in the kept work copy (its CLI config, automation). */
function terraformEnv(workDir: string): NodeJS.ProcessEnv {
  const cliConfig = join(workDir, '.terraformrc.offline');
  return {
    ...process.env,
    TF_IN_AUTOMATION: '1',
    ...(existsSync(cliConfig) ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
  };
}
