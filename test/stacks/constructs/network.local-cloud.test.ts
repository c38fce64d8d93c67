/**
 * Upgrading a deployed network from subnets placed by zone *name* (releases before zone IDs, R13)
 * to subnets placed by zone ID, against moto: what docs/infrastructure.md ("Upgrading an existing
 * deployment") promises, proven on real state. The IDs in the order the names were listed plan no
 * replacement; any other order replaces subnets, and the plan comment flags it as a hazard.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { summarizePlan } from '../../../cli/plan-comment/summarize';
import { type PlanJson } from '../../../cli/plan-comment/types';
import { awsJson } from '../../../local/cloud/aws-cli';
import { describeChanges } from '../../../local/cloud/terraform/plan-changes';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud/server/launcher';
import { MotoStack, stopTerraformRuns } from '../../../local/cloud/terraform/stack-copy';
import { Network, type NetworkProps } from '../../../stacks/constructs/network';
import { synthStackDir } from '../../harness/terraform';
import { type Json } from '../../harness/json';

const MINUTES = 60_000;
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

interface Zone {
  readonly name: string;
  readonly id: string;
}

const networkProps = (availabilityZoneIds: readonly string[]): NetworkProps => ({
  namePrefix: 'zero-etl-upgrade',
  vpcCidr: '10.42.0.0/16',
  availabilityZoneIds,
  privateSubnetCidrs: ['10.42.0.0/20', '10.42.16.0/20', '10.42.32.0/20'],
  publicSubnetCidrs: ['10.42.128.0/24', '10.42.129.0/24', '10.42.130.0/24'],
  natGateways: 'single',
  redshiftIngressCidrs: [],
});

/** The synthesized folder of a stack holding only the Network construct. */
function synthNetwork(availabilityZoneIds: readonly string[]): string {
  const stack = new TerraformStack(new App(), 'network');
  new AwsProvider(stack, 'aws', { region: REGION });
  new Network(stack, 'network', networkProps(availabilityZoneIds));
  return synthStackDir(stack);
}

/**
 * The same network as the previous release wrote it: each subnet placed by the name of its zone,
 * and named after it (`…-private-us-east-1a`).
 */
function asPreviousRelease(stackDir: string, zones: readonly Zone[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'zero-etl-network-previous-'));
  cpSync(stackDir, dir, { recursive: true });
  const file = join(dir, 'cdk.tf.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Json;
  for (const subnet of Object.values(config.resource.aws_subnet) as Json[]) {
    const zone = zones.find((candidate) => candidate.id === subnet.availability_zone_id)!;
    delete subnet.availability_zone_id;
    subnet.availability_zone = zone.name;
    subnet.tags = { ...subnet.tags, Name: String(subnet.tags.Name).replace(zone.id, zone.name) };
  }
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

let server: LocalCloud | undefined;
let stack: MotoStack | undefined;
let zones: Zone[] = [];
const scratch: string[] = [];

beforeAll(async () => {
  server = await startLocalCloud({ accountId: ACCOUNT });
  const admin = await server.createAdmin('network-upgrade-admin');
  const described = await awsJson(server.url, admin, ['ec2', 'describe-availability-zones'], {
    region: REGION,
  });
  zones = (described.AvailabilityZones as Json[])
    .map((zone) => ({ name: String(zone.ZoneName), id: String(zone.ZoneId) }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 3);
  const previous = asPreviousRelease(synthNetwork(zones.map((zone) => zone.id)), zones);
  scratch.push(previous);
  stack = MotoStack.create('network-upgrade', previous, { endpoint: server.url, credentials: admin });
  await stack.init();
  await stack.apply('apply-previous-release');
}, 8 * MINUTES);

afterAll(async () => {
  await stopTerraformRuns();
  stack?.remove();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  await server?.stop();
});

/** Plans the current release's network with these zone IDs on the previous release's state. */
async function planUpgrade(phase: string, availabilityZoneIds: readonly string[]) {
  stack!.useConfiguration(synthNetwork(availabilityZoneIds));
  const { changes, plan } = await stack!.plan(phase);
  return { changes, summary: summarizePlan(plan as PlanJson) };
}

describe('upgrading a deployed network from zone names to zone IDs (in moto)', () => {
  it('uses three distinct zones of the region, as the previous release did', () => {
    expect(new Set(zones.map((zone) => zone.id)).size).toBe(3);
    expect(zones.every((zone) => zone.name.startsWith(REGION))).toBe(true);
  });

  it(
    'replaces no subnet when the IDs are those of the zones, in the same order: only their Name tags change',
    async () => {
      const { changes, summary } = await planUpgrade(
        'plan-ids-same-order',
        zones.map((zone) => zone.id),
      );

      expect(summary.hazards).toEqual([]);
      expect(changes.every((change) => change.actions.join('/') === 'update')).toBe(true);
      expect(describeChanges(changes)).toBe(
        changes
          .filter((change) => change.type === 'aws_subnet')
          .map((change) => `${change.address}: update (tags, tags_all)`)
          .join('\n'),
      );
      expect(changes).toHaveLength(6);
    },
    4 * MINUTES,
  );

  it(
    'replaces the subnets whose zone moved when the IDs come in another order, and the plan comment calls it a hazard',
    async () => {
      const reordered = [zones[1], zones[0], zones[2]].map((zone) => zone.id);
      const { changes, summary } = await planUpgrade('plan-ids-reordered', reordered);

      const replaced = changes.filter((change) => change.actions.includes('delete'));
      const withoutHash = (address: string) => address.replace(/_[0-9A-F]{8}$/, '');
      // Index 0 and 1 of the private and of the public subnets swap zones (index 2 stays), and what
      // lives in them goes too: their route table associations and the NAT gateway in public-0.
      expect(replaced.map((change) => withoutHash(change.address)).sort()).toEqual([
        'aws_nat_gateway.network_nat-0',
        'aws_route_table_association.network_private-0-rta',
        'aws_route_table_association.network_private-1-rta',
        'aws_route_table_association.network_public-0-rta',
        'aws_route_table_association.network_public-1-rta',
        'aws_subnet.network_private-0',
        'aws_subnet.network_private-1',
        'aws_subnet.network_public-0',
        'aws_subnet.network_public-1',
      ]);
      expect(summary.hazards.map((hazard) => withoutHash(hazard.resource.address)).sort()).toEqual([
        'aws_subnet.network_private-0',
        'aws_subnet.network_private-1',
        'aws_subnet.network_public-0',
        'aws_subnet.network_public-1',
      ]);
    },
    4 * MINUTES,
  );
});
