/**
 * An Aurora MySQL cluster of the local cloud: one MariaDB (the data plane's launcher, with its
 * owned-resources registry) configured from the cluster parameter group and serving TLS, behind the
 * cluster endpoint (the MySQL front, which adds IAM database authentication). The master user has
 * every privilege with GRANT OPTION, as Aurora's master user can create users and grant
 * ("Master user account privileges", Aurora User Guide).
 */
import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import {
  findMysqlServerBinary,
  MISSING_SERVER_MESSAGE,
  startMysqlServer,
  type RunningMysqlServer,
} from '../../../dataplane/mysql-server';
import type { ClusterParameterReport, ClusterResponse, CreateClusterRequest } from '../contract';
import type { AccessKeyDirectory } from '../mysql-front/access-keys';
import { startMysqlFront, type MysqlFront } from '../mysql-front/front';
import type { CertificateAuthority } from '../tls/certificate-authority';
import { isOn, serverArgsForParameters, serverOptionNames } from './parameters';
import { LocalCloudError } from '../../errors';

export class ClusterError extends LocalCloudError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClusterError';
  }
}

export interface ClusterDependencies {
  readonly ca: CertificateAuthority;
  readonly accessKeys: AccessKeyDirectory;
  /** The endpoint host name. @default '127.0.0.1' */
  readonly host?: string;
  readonly log?: (line: string) => void;
  /** The clock tokens are checked against. @default - the system clock */
  readonly now?: () => Date;
}

export interface Cluster {
  readonly id: string;
  /** Root on the MariaDB behind the front (replication and administration; loopback only). */
  readonly adminUrl: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  describe(): ClusterResponse;
  /** Restarts MariaDB on its data with the group's current values (RebootDBInstance). */
  reboot(parameters: Readonly<Record<string, string>>): Promise<ClusterParameterReport>;
  /** Sets dynamic parameters now (ApplyMethod immediate); returns what could not be set. */
  applyParameters(parameters: Readonly<Record<string, string>>): Promise<ClusterParameterReport>;
  /** Stops the server and removes its data. */
  delete(): Promise<void>;
}

const quoteIdent = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** A value for SET GLOBAL: numbers as they are, everything else as a string literal. */
const sqlValue = (value: string) =>
  /^-?\d+(\.\d+)?$/.test(value) ? value : `'${value.replace(/['\\]/g, '\\$&')}'`;

export async function startCluster(
  request: CreateClusterRequest,
  deps: ClusterDependencies,
): Promise<Cluster> {
  const binary = findMysqlServerBinary();
  if (!binary) throw new ClusterError(MISSING_SERVER_MESSAGE);
  const optionNames = serverOptionNames(binary);
  let settings = serverArgsForParameters(request.parameters, optionNames);
  let requireSecureTransport = isOn(request.parameters.require_secure_transport);
  const serverCert = await deps.ca.issue(`${request.clusterId}-server`, ['127.0.0.1', 'localhost']);
  const host = deps.host ?? '127.0.0.1';
  const frontCert = await deps.ca.issue(`${request.clusterId}-endpoint`, [host, '127.0.0.1', 'localhost']);
  const tlsArgs = [
    `--ssl-ca=${deps.ca.caFile}`,
    `--ssl-cert=${serverCert.certFile}`,
    `--ssl-key=${serverCert.keyFile}`,
  ];

  let server: RunningMysqlServer;
  try {
    server = await startMysqlServer({ parameterArgs: settings.args, extraArgs: tlsArgs });
  } catch (error) {
    throw new ClusterError(
      `cluster ${request.clusterId}: MariaDB did not start with the parameter group's values ` +
        `(${settings.applied.join(', ') || 'none'}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  let front: MysqlFront | undefined;
  try {
    const admin = await createConnection(server.url);
    try {
      const account = `${admin.escape(request.masterUsername)}@'%'`;
      await admin.query(`CREATE USER ${account} IDENTIFIED BY ${admin.escape(request.masterPassword)}`);
      await admin.query(`GRANT ALL PRIVILEGES ON *.* TO ${account} WITH GRANT OPTION`);
      if (request.databaseName) await admin.query(`CREATE DATABASE ${quoteIdent(request.databaseName)}`);
    } finally {
      await admin.end();
    }
    front = await startMysqlFront({
      backend: { host: '127.0.0.1', port: server.port },
      adminUrl: server.url,
      tls: { certPem: frontCert.certPem, keyPem: frontCert.keyPem, caPem: deps.ca.caPem },
      host,
      region: request.region,
      dbUserArnPrefix: `arn:aws:rds-db:${request.region}:${request.accountId}:dbuser:${request.resourceId}/`,
      iamPassword: randomBytes(24).toString('hex'),
      accessKeys: deps.accessKeys,
      log: deps.log,
      now: deps.now,
      requireSecureTransport: () => requireSecureTransport,
    });
  } catch (error) {
    await front?.close();
    await server.stop();
    throw error;
  }
  const runningFront = front;

  const report = (): ClusterParameterReport => ({ applied: settings.applied, recorded: settings.recorded });
  return {
    id: request.clusterId,
    adminUrl: server.url,
    endpoint: { host, port: runningFront.port },
    describe: () => ({
      clusterId: request.clusterId,
      host,
      port: runningFront.port,
      readerHost: host,
      parameters: report(),
    }),
    async reboot(parameters) {
      const next = serverArgsForParameters(parameters, optionNames);
      try {
        await server.restart({ parameterArgs: next.args });
      } catch (error) {
        throw new ClusterError(
          `cluster ${request.clusterId}: MariaDB did not restart with the parameter group's values: ${(error as Error).message}`,
          { cause: error },
        );
      }
      settings = next;
      requireSecureTransport = isOn(parameters.require_secure_transport);
      return report();
    },
    async applyParameters(parameters) {
      const next = serverArgsForParameters(parameters, optionNames);
      const recorded = [...next.recorded];
      const applied: string[] = [];
      if ('require_secure_transport' in parameters) {
        requireSecureTransport = isOn(parameters.require_secure_transport);
        applied.push('require_secure_transport');
      }
      const admin: Connection = await createConnection(server.url);
      try {
        for (const [name, value] of Object.entries(next.serverValues)) {
          try {
            await admin.query(`SET GLOBAL ${name} = ${sqlValue(value)}`);
            applied.push(name);
          } catch (error) {
            recorded.push({
              name,
              value,
              reason: `not dynamic in MariaDB, or refused: ${(error as Error).message}`,
            });
          }
        }
      } finally {
        await admin.end();
      }
      return { applied, recorded };
    },
    async delete() {
      await runningFront.close();
      await server.stop();
    },
  };
}
