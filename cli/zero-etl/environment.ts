/**
 * What the operations commands know about an environment, from the configuration alone (no AWS call):
 * where it runs and the names of its cluster, integration, workgroup and databases.
 */
import { REDSHIFT_CONNECT_DATABASE } from '../../stacks/constructs/redshift';
import { PROJECT_CONFIG, parseConfig, type EnvironmentConfig } from '../../stacks/config';
import { resourceNames } from '../../stacks/resource-names';
import { ZeroEtlUsageError } from './errors';

export interface OperatedEnvironment {
  readonly name: string;
  readonly region: string;
  readonly clusterId: string;
  readonly integrationName: string;
  readonly dataFilter: string;
  readonly namespace: string;
  readonly workgroup: string;
  /** The database created FROM INTEGRATION. */
  readonly targetDatabase: string;
  /** The namespace's own database, where the Data API connects for system views. */
  readonly connectDatabase: string;
  /** The Aurora database the ingestion writes (a schema of that name in the target database). */
  readonly sourceDatabase: string;
}

export function operatedEnvironment(config: EnvironmentConfig): OperatedEnvironment {
  const names = resourceNames(config.namePrefix);
  return {
    name: config.name,
    region: config.region,
    clusterId: names.cluster,
    integrationName: config.integration.name,
    dataFilter: config.integration.dataFilter,
    namespace: names.namespace,
    workgroup: names.workgroup,
    targetDatabase: config.redshift.targetDatabase,
    connectDatabase: REDSHIFT_CONNECT_DATABASE,
    sourceDatabase: config.aurora.databaseName,
  };
}

/** The configured environment called `name`, or a usage error naming the ones that exist. */
export function findEnvironment(
  name: string | undefined,
  raw: unknown = PROJECT_CONFIG,
): OperatedEnvironment {
  const environments = parseConfig(raw, {}).environments;
  const known = environments.map((environment) => environment.name).join(', ');
  if (!name) throw new ZeroEtlUsageError(`name the environment (one of ${known})`);
  const found = environments.find((environment) => environment.name === name);
  if (!found)
    throw new ZeroEtlUsageError(`unknown environment "${name}": stacks/config/environments.ts has ${known}`);
  return operatedEnvironment(found);
}
