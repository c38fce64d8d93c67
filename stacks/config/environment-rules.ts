/**
 * The configuration rules that span several fields of one environment: zones against the Region
 * (A11), the subnet layout, capacities, extra cluster parameters against A3/A4, the default
 * integration name (T2). The schema (schema.ts) runs them after each field passed on its own.
 */
import { type z } from 'zod';
import { INTEGRATION_NAME_PATTERN, parameterConflict, workgroupSubnetProblem } from '../../rules';
import { cidrContains, cidrsOverlap, parseCidr } from './cidr';
import { rule } from './rule-message';
import type { environmentSchema } from './schema';
import { zoneIdPrefix } from './zone-ids';

type RawEnvironment = z.output<typeof environmentSchema>;
export type Report = (path: (string | number)[], message: string) => void;

/** Cross-field rules of one environment (zones vs Region, subnet layout, capacities, parameters). */
export function checkEnvironment(project: string, name: string, env: RawEnvironment, report: Report): void {
  checkZones(env, report);
  checkSubnets(env, report);

  const { serverlessV2 } = env.aurora;
  if (serverlessV2.minCapacity > serverlessV2.maxCapacity) {
    report(
      ['aurora', 'serverlessV2'],
      rule(
        `Serverless v2 minCapacity ${serverlessV2.minCapacity} exceeds maxCapacity ${serverlessV2.maxCapacity}`,
        'make minCapacity ≤ maxCapacity',
      ),
    );
  }
  if (env.redshift.maxCapacity !== undefined && env.redshift.maxCapacity < env.redshift.baseCapacity) {
    report(
      ['redshift', 'maxCapacity'],
      rule(
        `Redshift max capacity ${env.redshift.maxCapacity} is below base capacity ${env.redshift.baseCapacity}`,
        'raise maxCapacity or lower baseCapacity',
      ),
    );
  }
  for (const [parameter, value] of Object.entries(env.aurora.extraClusterParameters)) {
    const conflict = parameterConflict(parameter, value);
    if (conflict) {
      report(
        ['aurora', 'extraClusterParameters', parameter],
        rule(conflict, `remove ${parameter} (the zero-ETL value is set for you)`),
      );
    }
  }
  const integrationName = env.integration.name ?? `${project}-${name}`;
  if (env.integration.name === undefined && !INTEGRATION_NAME_PATTERN.test(integrationName)) {
    report(
      ['integration', 'name'],
      rule(
        `T2: the default integration name "${integrationName}" is invalid`,
        'set integration.name explicitly',
      ),
    );
  }
}

/** A11: zone IDs of the environment's Region; R13: enough subnets and zones for the workgroup. */
function checkZones(env: RawEnvironment, report: Report): void {
  const zones = env.availabilityZoneIds;
  const prefix = zoneIdPrefix(env.region);
  zones.forEach((zone, index) => {
    if (prefix !== undefined && !zone.startsWith(`${prefix}-`)) {
      report(
        ['availabilityZoneIds', index],
        rule(
          `zone ID "${zone}" is not in Region ${env.region}, whose zone IDs start with "${prefix}-" (A11: everything lives in one Region)`,
          `list the Region's zone IDs with \`aws ec2 describe-availability-zones --region ${env.region} --query "AvailabilityZones[].ZoneId"\` and use those`,
        ),
      );
    }
  });
  const distinct = new Set(zones).size;
  if (distinct !== zones.length) {
    report(['availabilityZoneIds'], rule('zone IDs are listed more than once', 'list each zone ID once'));
  }
  // The network places one private subnet per zone, and the workgroup uses them all.
  const workgroupProblem = workgroupSubnetProblem(env.region, zones);
  if (workgroupProblem) {
    report(
      ['availabilityZoneIds'],
      rule(
        `${workgroupProblem} (this project places one private subnet in each listed zone)`,
        `list at least 3 zone IDs of ${env.region} Redshift Serverless supports, each with its subnets; ${env.region === 'us-west-1' ? 'us-west-1 accounts often have only 2 zones, and a second subnet in one zone is not supported by this project' : 'see docs/infrastructure.md, "Availability Zones"'}`,
      ),
    );
  }
}

function checkSubnets(env: RawEnvironment, report: Report): void {
  const vpc = parseCidr(env.network.vpcCidr);
  const zones = env.availabilityZoneIds.length;
  const groups = [
    ['privateSubnetCidrs', env.network.privateSubnetCidrs],
    ['publicSubnetCidrs', env.network.publicSubnetCidrs],
  ] as const;
  const seen: Array<{ path: (string | number)[]; cidr: string }> = [];
  for (const [key, cidrs] of groups) {
    if (cidrs.length !== zones) {
      report(
        ['network', key],
        rule(
          `needs one subnet per availability zone (${zones}), got ${cidrs.length}`,
          `list ${zones} CIDR blocks`,
        ),
      );
    }
    cidrs.forEach((value, index) => {
      const range = parseCidr(value);
      if (!range || !vpc) return;
      if (!cidrContains(vpc, range)) {
        report(
          ['network', key, index],
          rule(
            `${value} is outside the VPC ${env.network.vpcCidr}`,
            `pick a block inside ${env.network.vpcCidr}`,
          ),
        );
      }
      if (range.prefix > 28) {
        report(
          ['network', key, index],
          rule(`${value} is smaller than AWS allows (/28)`, 'use /28 or larger'),
        );
      }
      const clash = seen.find((other) => {
        const otherRange = parseCidr(other.cidr);
        return otherRange !== undefined && cidrsOverlap(otherRange, range);
      });
      if (clash) {
        report(
          ['network', key, index],
          rule(
            `${value} overlaps ${clash.cidr} (network.${clash.path.join('.')})`,
            'give every subnet its own block',
          ),
        );
      }
      seen.push({ path: [key, index], cidr: value });
    });
  }
}
