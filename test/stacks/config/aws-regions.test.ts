/**
 * stacks/config/aws-regions.ts is botocore's list of the aws partition's Regions (the AWS CLI's
 * endpoints.json in .venv/), not a list kept by hand. UPDATE_AWS_REGIONS=1 rewrites it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../paths';
import { pythonTool } from '../../../shared/python-tools';
import { AWS_REGIONS } from '../../../stacks/config/aws-regions';

const FILE = join(PROJECT_ROOT, 'stacks', 'config', 'aws-regions.ts');

function botocoreRegions(): string[] {
  const script = [
    'import json, os, awscli.botocore as b',
    "e = json.load(open(os.path.join(os.path.dirname(b.__file__), 'data', 'endpoints.json')))",
    "print(json.dumps(sorted(next(p for p in e['partitions'] if p['partition'] == 'aws')['regions'])))",
  ].join('\n');
  return JSON.parse(execFileSync(pythonTool('python'), ['-c', script], { encoding: 'utf8' })) as string[];
}

describe('the AWS Regions the configuration accepts', () => {
  it("are exactly botocore's aws partition", () => {
    const regions = botocoreRegions();
    if (process.env.UPDATE_AWS_REGIONS) {
      const text = readFileSync(FILE, 'utf8');
      const list = regions.map((region) => `  '${region}',`).join('\n');
      writeFileSync(FILE, text.replace(/\[\n[\s\S]*?\n\];/, `[\n${list}\n];`));
    }

    expect([...AWS_REGIONS]).toEqual(regions);
  });
});
