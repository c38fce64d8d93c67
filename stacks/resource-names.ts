/**
 * The names an environment's resources get, from its name prefix (`<project>-<environment>`): one home
 * for the constructs that create them and for the tools that find them again (the operations CLI, the
 * deploy-step tests, the local cloud's tier).
 */
export interface ResourceNames {
  /** The Aurora cluster identifier. */
  readonly cluster: string;
  /** The Redshift Serverless namespace and workgroup share the prefix. */
  readonly namespace: string;
  readonly workgroup: string;
  readonly ingestFunction: string;
  readonly migrateFunction: string;
  /** The VPC flow-log delivery role (its environment's apply role passes it by this name). */
  readonly flowLogsRole: string;
}

export function resourceNames(namePrefix: string): ResourceNames {
  return {
    cluster: `${namePrefix}-aurora`,
    namespace: namePrefix,
    workgroup: namePrefix,
    ingestFunction: `${namePrefix}-ingest`,
    migrateFunction: `${namePrefix}-migrate`,
    flowLogsRole: `${namePrefix}-flow-logs`,
  };
}
