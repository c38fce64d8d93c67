/**
 * The cluster endpoint of the local cloud (local/cloud/bridge/clusters, mysql-front): a real MariaDB
 * with TLS behind the MySQL front, tokens made by AWS's own signer (@aws-sdk/rds-signer), clients
 * speaking the real protocol (mysql2, as the Lambda does), IAM answers from a real HTTP server.
 */
import { Signer } from '@aws-sdk/rds-signer';
import {
  createConnection,
  type Connection,
  type ConnectionOptions,
  type RowDataPacket,
} from 'mysql2/promise';
import { tlsOptions } from '../../../../../lambda/src/adapters/mysql-database';
import { ingestUserStatements } from '../../../../../lambda/src/domain/ingest-user';
import { startCluster, type Cluster } from '../../../../../local/cloud/bridge/clusters/cluster';
import { httpAccessKeyDirectory } from '../../../../../local/cloud/bridge/mysql-front/access-keys';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../../../../../local/cloud/bridge/tls/certificate-authority';
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../../../../rules';
import { startIamStandIn, type IamStandIn } from '../../../../harness/local-cloud-iam';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const RESOURCE_ID = 'cluster-ABCDEFGHIJKLMNOP';
const ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/ingest/session`;
const KEY = {
  accessKeyId: 'ASIALOCALINGEST',
  secretAccessKey: 'ingest-secret',
  sessionToken: 'session-token',
};
const OTHER_KEY = { accessKeyId: 'AKIALOCALOTHER', secretAccessKey: 'other-secret' };
const PARAMETERS = Object.fromEntries(ZERO_ETL_CLUSTER_PARAMETERS.map((p) => [p.name, p.value]));

describe('the local cloud cluster endpoint (MariaDB behind the MySQL front)', () => {
  let ca: CertificateAuthority;
  let iam: IamStandIn;
  let cluster: Cluster;
  let clock = () => new Date();
  const connections: Connection[] = [];

  const connect = async (options: ConnectionOptions) => {
    const connection = await createConnection({
      host: cluster.endpoint.host,
      port: cluster.endpoint.port,
      connectTimeout: 10_000,
      ...options,
    });
    connections.push(connection);
    return connection;
  };
  // The TLS the ingestion Lambda asks for when the local cloud's runtime sets DB_CA_BUNDLE to its CA.
  const tls = () => tlsOptions({ ssl: true, caBundleFile: ca.caFile });
  const token = (
    overrides: { hostname?: string; port?: number; username?: string; credentials?: typeof KEY } = {},
  ) =>
    new Signer({
      hostname: overrides.hostname ?? cluster.endpoint.host,
      port: overrides.port ?? cluster.endpoint.port,
      username: overrides.username ?? 'ingest',
      region: REGION,
      credentials: overrides.credentials ?? KEY,
    }).getAuthToken();
  const loginAsIngest = async (password: string, { plain = false } = {}) =>
    connect({
      user: 'ingest',
      password,
      ssl: plain ? undefined : tls(),
      enableCleartextPlugin: true,
      database: 'app',
    });

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    iam = await startIamStandIn();
    iam.addKey({ ...KEY, principalArn: ROLE });
    iam.addKey({ ...OTHER_KEY, principalArn: `arn:aws:iam::${ACCOUNT}:user/other` });
    iam.allow({
      principalArn: ROLE,
      action: 'rds-db:connect',
      resource: `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:${RESOURCE_ID}/ingest`,
    });
    cluster = await startCluster(
      {
        clusterId: 'app',
        resourceId: RESOURCE_ID,
        region: REGION,
        accountId: ACCOUNT,
        masterUsername: 'admin',
        masterPassword: 'master-secret',
        databaseName: 'app',
        parameters: PARAMETERS,
      },
      { ca, accessKeys: httpAccessKeyDirectory(iam.url), now: () => clock() },
    );
    // What the migrate action runs with the master credentials (lambda/src/domain/ingest-user.ts).
    const master = await connect({ user: 'admin', password: 'master-secret', ssl: tls(), database: 'app' });
    await master.query('CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20)) ENGINE=InnoDB');
    await master.query("INSERT INTO notes VALUES (1, 'kept')");
    for (const statement of ingestUserStatements({ name: 'ingest', auth: { kind: 'iam' } }, 'app').slice(
      0,
      2,
    )) {
      await master.query(statement);
    }
    await master.query("GRANT SELECT ON `app`.* TO 'ingest'@'%'");
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.end().catch(() => undefined)));
    await cluster?.delete();
    await iam?.close();
    ca?.dispose();
  });

  afterEach(() => {
    clock = () => new Date();
  });

  it('runs MariaDB with the parameter group values MariaDB has and records the Aurora-only ones', async () => {
    expect(cluster.describe().parameters).toEqual({
      applied: ['binlog_format', 'binlog_row_image', 'binlog_row_metadata', 'require_secure_transport'],
      recorded: [
        {
          name: 'aurora_enhanced_binlog',
          value: '1',
          reason: 'MariaDB has no such setting (Aurora or MySQL only)',
        },
        { name: 'binlog_backup', value: '0', reason: 'MariaDB has no such setting (Aurora or MySQL only)' },
        {
          name: 'binlog_replication_globaldb',
          value: '0',
          reason: 'MariaDB has no such setting (Aurora or MySQL only)',
        },
        {
          name: 'binlog_transaction_compression',
          value: 'OFF',
          reason: 'MariaDB has no such setting (Aurora or MySQL only)',
        },
      ],
    });
    const master = await connect({ user: 'admin', password: 'master-secret', ssl: tls() });
    const [rows] = await master.query<RowDataPacket[]>(
      'SELECT @@log_bin AS logBin, @@binlog_format AS format, @@binlog_row_image AS image, ' +
        '@@binlog_row_metadata AS metadata',
    );
    expect(rows[0]).toEqual({ logBin: 1, format: 'ROW', image: 'FULL', metadata: 'FULL' });
  });

  it('lets the master user in over TLS that verifies against the local cloud CA', async () => {
    const master = await connect({ user: 'admin', password: 'master-secret', ssl: tls(), database: 'app' });
    const [rows] = await master.query<RowDataPacket[]>("SHOW STATUS LIKE 'Ssl_version'");
    expect(rows[0].Value).toMatch(/^TLSv1\.[23]$/);
    const [notes] = await master.query<RowDataPacket[]>('SELECT body FROM notes');
    expect(notes).toEqual([{ body: 'kept' }]);
  });

  it('refuses a certificate check against another CA (no TLS shortcut)', async () => {
    const stranger = await createCertificateAuthority('some other CA');
    try {
      await expect(
        connect({
          user: 'admin',
          password: 'master-secret',
          ssl: { ca: stranger.caPem, rejectUnauthorized: true },
        }),
      ).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    } finally {
      stranger.dispose();
    }
  });

  it('refuses a wrong master password with MariaDB’s own access denied', async () => {
    await expect(connect({ user: 'admin', password: 'wrong', ssl: tls() })).rejects.toMatchObject({
      errno: 1045,
    });
  });

  it('refuses a connection without TLS while require_secure_transport is ON, with MySQL 8.0’s error', async () => {
    await expect(connect({ user: 'admin', password: 'master-secret' })).rejects.toMatchObject({
      errno: 3159,
      message: 'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
    });
  });

  it('stores IAM users created with AWSAuthenticationPlugin under a password only the front knows', async () => {
    const master = await connect({ user: 'admin', password: 'master-secret', ssl: tls() });
    const [rows] = await master.query<RowDataPacket[]>(
      "SELECT plugin, authentication_string <> '' AS hasPassword, ssl_type FROM mysql.user WHERE User = 'ingest'",
    );
    expect(rows).toEqual([{ plugin: 'mysql_native_password', hasPassword: 1, ssl_type: 'ANY' }]);
  });

  it('lets an IAM user in with a token from the AWS SDK signer', async () => {
    const ingest = await loginAsIngest(await token());
    const [rows] = await ingest.query<RowDataPacket[]>('SELECT CURRENT_USER() AS user, body FROM notes');
    expect(rows).toEqual([{ user: 'ingest@%', body: 'kept' }]);
    expect(iam.requests).toContain(`GET /moto-api/local-cloud/v1/access-keys/${KEY.accessKeyId}`);
  });

  const ACCESS_DENIED = {
    errno: 1045,
    message: "Access denied for user 'ingest'@'127.0.0.1' (using password: YES)",
  };

  it.each([
    [
      'a token expired (16 minutes old)',
      async () => ((clock = () => new Date(Date.now() + 16 * 60_000)), token()),
    ],
    [
      'signed with another key',
      () => token({ credentials: { ...OTHER_KEY, sessionToken: undefined } as never }),
    ],
    [
      'signed with a key IAM does not know',
      () => token({ credentials: { ...KEY, accessKeyId: 'ASIAUNKNOWN' } }),
    ],
    [
      'a token signed with the wrong secret',
      () => token({ credentials: { ...KEY, secretAccessKey: 'guess' } }),
    ],
    ['a token made for another user', () => token({ username: 'admin' })],
    ['a token made for another host', () => token({ hostname: 'db.example.com' })],
    ['a token made for another port', () => token({ port: 3306 })],
    [
      'whose date was altered',
      async () =>
        (await token()).replace(/(X-Amz-Date=\d{8}T\d{4})(\d)/, (_, a, s) => a + ((Number(s) + 1) % 10)),
    ],
    [
      'with a repeated parameter',
      async () => (await token()).replace('DBUser=ingest', 'DBUser=ingest&DBUser=ingest'),
    ],
    ['a password instead of a token', async () => 'master-secret'],
  ])('refuses an IAM login with %s, as Aurora does (1045)', async (_case, makeToken) => {
    const password = await makeToken();
    await expect(loginAsIngest(password)).rejects.toMatchObject(ACCESS_DENIED);
  });

  it('refuses a valid token when the principal may not rds-db:connect as that user', async () => {
    const grant = {
      principalArn: ROLE,
      action: 'rds-db:connect',
      resource: `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:${RESOURCE_ID}/ingest`,
    };
    iam.deny(grant);
    try {
      await expect(loginAsIngest(await token())).rejects.toMatchObject(ACCESS_DENIED);
    } finally {
      iam.allow(grant);
    }
  });

  it('refuses a valid token sent without TLS, even where require_secure_transport is OFF', async () => {
    await cluster.applyParameters({ require_secure_transport: 'OFF' });
    try {
      await expect(loginAsIngest(await token(), { plain: true })).rejects.toMatchObject(ACCESS_DENIED);
      const master = await connect({ user: 'admin', password: 'master-secret' });
      await expect(master.query('SELECT 1')).resolves.toBeDefined();
    } finally {
      await cluster.applyParameters({ require_secure_transport: 'ON' });
    }
  });

  it('reboots onto the same data with the group’s new static values', async () => {
    await cluster.reboot({ ...PARAMETERS, binlog_row_metadata: 'minimal' });
    const master = await connect({ user: 'admin', password: 'master-secret', ssl: tls(), database: 'app' });
    const [rows] = await master.query<RowDataPacket[]>(
      'SELECT @@binlog_row_metadata AS metadata, body FROM notes',
    );
    expect(rows).toEqual([{ metadata: 'MINIMAL', body: 'kept' }]);
    const ingest = await loginAsIngest(await token());
    await expect(ingest.query('SELECT 1')).resolves.toBeDefined();
  });
});
