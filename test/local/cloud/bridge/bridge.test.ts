/**
 * The bridge end to end over real HTTP: a cluster (MariaDB behind the front), a namespace (PGlite
 * databases), a zero-ETL integration replicating through the data plane's replicator, and Redshift
 * Data API statements — the calls the local cloud's Python side makes, in its order.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { ANALYTICS_DIR } from '../../../../paths';
import type { StatementResponse } from '../../../../local/cloud/bridge/contract';
import { startBridge, type Bridge } from '../../../../local/cloud/bridge/server';
import { httpAccessKeyDirectory } from '../../../../local/cloud/bridge/mysql-front/access-keys';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../../../../local/cloud/bridge/tls/certificate-authority';
import { generateDataset } from '../../../../local/dataplane/fixtures/dataset';
import { loadAnalyticsQueries } from '../../../../local/dataplane/warehouse/analytics';
import { ZERO_ETL_CLUSTER_PARAMETERS } from '../../../../rules';
import { loadIntoMysql } from '../../../harness/fixture-tables';
import { startIamStandIn, type IamStandIn } from '../../../harness/local-cloud-iam';

const INTEGRATION = '0c5b4c4e-1111-4222-8333-944455556666';
const FILTER = 'include: app.*, exclude: app.scratch_*';

describe('the local cloud bridge (clusters, namespaces, integrations, statements over HTTP)', () => {
  let ca: CertificateAuthority;
  let iam: IamStandIn;
  let bridge: Bridge;
  let source: Pool;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${bridge.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  };
  /** Submits a statement and polls it until it settles, as scripts/lib/common.sh's run_sql does. */
  const sql = async (database: string, statement: string | string[]): Promise<StatementResponse> => {
    const statementId = randomUUID();
    const submitted = await call('POST', '/v1/statements', {
      statementId,
      namespace: 'warehouse',
      database,
      dbUser: 'admin',
      ...(Array.isArray(statement) ? { sqls: statement } : { sql: statement }),
    });
    expect(submitted.status).toBe(201);
    for (;;) {
      const { body } = await call('GET', `/v1/statements/${statementId}`);
      const response = body as unknown as StatementResponse;
      if (response.status === 'FINISHED' || response.status === 'FAILED') return response;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const values = (response: StatementResponse, index = 0) =>
    response.subStatements[index].records.map((record) =>
      record.map((field) => ('isNull' in field ? null : Object.values(field)[0])),
    );
  const tableStates = async () => {
    const response = await sql(
      'dev',
      "SELECT TRIM(table_name), TRIM(table_state), TRIM(reason) FROM svv_integration_table_state WHERE schema_name = 'app' ORDER BY 1",
    );
    return Object.fromEntries(values(response).map(([table, state, reason]) => [table, { state, reason }]));
  };
  const caughtUp = () => bridge.dataPlane.integration(INTEGRATION).caughtUp();

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    iam = await startIamStandIn();
    bridge = await startBridge({
      ca,
      accessKeys: httpAccessKeyDirectory(iam.url),
      endpointUrl: iam.url,
      resyncAfterMs: 60_000,
    });
    const cluster = await call('POST', '/v1/clusters', {
      clusterId: 'source',
      resourceId: 'cluster-SOURCE',
      region: 'us-east-1',
      accountId: '123456789012',
      masterUsername: 'admin',
      masterPassword: 'master-secret',
      databaseName: 'app',
      parameters: Object.fromEntries(ZERO_ETL_CLUSTER_PARAMETERS.map((p) => [p.name, p.value])),
    });
    expect(cluster.status).toBe(201);
    source = createPool({
      uri: `${bridge.dataPlane.cluster('source').adminUrl}app`,
      multipleStatements: true,
      connectionLimit: 2,
    });
    await loadIntoMysql(
      source,
      generateDataset(5, { users: 3, posts: 6, comments: 12, albums: 3, photos: 30, todos: 9 }),
    );
    await source.query('CREATE TABLE no_key (id INT NOT NULL, note VARCHAR(20)) ENGINE=InnoDB');
    await source.query("INSERT INTO no_key VALUES (1, 'a'), (2, 'b')");
    await source.query('CREATE TABLE scratch_tmp (id INT PRIMARY KEY) ENGINE=InnoDB');
    expect(
      (await call('POST', '/v1/namespaces', { namespace: 'warehouse', adminUsername: 'admin' })).status,
    ).toBe(201);
    const integration = await call('POST', '/v1/integrations', {
      integrationId: INTEGRATION,
      integrationName: 'app-to-warehouse',
      sourceClusterId: 'source',
      namespace: 'warehouse',
      dataFilter: FILTER,
    });
    expect(integration.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await source?.end();
    await bridge?.close();
    await iam?.close();
    ca?.dispose();
  });

  it('answers the cluster endpoint and its parameter report', async () => {
    const cluster = bridge.dataPlane.cluster('source').describe();
    expect(cluster).toMatchObject({ host: '127.0.0.1', readerHost: '127.0.0.1', port: expect.any(Number) });
    expect(cluster.parameters.applied).toContain('binlog_format');
  });

  it('lists the namespace’s first database and no integration before CREATE DATABASE … FROM INTEGRATION', async () => {
    expect(values(await sql('dev', 'SELECT database_name FROM svv_redshift_databases'))).toEqual([['dev']]);
    expect(values(await sql('dev', 'SELECT COUNT(*) FROM svv_integration'))).toEqual([[0]]);
  });

  it('refuses CREATE DATABASE … FROM INTEGRATION inside a transaction block (R7)', async () => {
    const batch = await sql('dev', [
      'SELECT 1',
      `CREATE DATABASE "zeroetl" FROM INTEGRATION '${INTEGRATION}'`,
    ]);
    expect(batch).toMatchObject({
      status: 'FAILED',
      error: 'ERROR: CREATE DATABASE cannot run inside a transaction block',
    });
  });

  it('refuses an integration that does not exist', async () => {
    const response = await sql('dev', `CREATE DATABASE "other" FROM INTEGRATION 'nope'`);
    expect(response.error).toBe("ERROR: Integration 'nope' does not exist or is not active");
  });

  it('creates the target database from the integration, which seeds it from the source', async () => {
    const created = await sql('dev', `CREATE DATABASE "zeroetl" FROM INTEGRATION '${INTEGRATION}'`);
    expect(created.status).toBe('FINISHED');
    await caughtUp();
    const integration = values(
      await sql(
        'dev',
        'SELECT TRIM(integration_id), TRIM(target_database), TRIM(source), TRIM(state) FROM svv_integration',
      ),
    );
    expect(integration).toEqual([[INTEGRATION, 'zeroetl', 'MySQL', 'CdcRefreshState']]);
    const [[users]] = values(await sql('zeroetl', 'SELECT COUNT(*) FROM app.users'));
    expect(users).toBe(3);
    const again = await sql('dev', `CREATE DATABASE "zeroetl" FROM INTEGRATION '${INTEGRATION}'`);
    expect(again.error).toBe('ERROR: database "zeroetl" already exists');
  });

  it('shows a table without a primary key as Failed with the rule (the reason, as Redshift gives it, without our fix), and leaves out filtered tables', async () => {
    const states = await tableStates();
    expect(states.users).toEqual({ state: 'Synced', reason: '' });
    expect(states.no_key.state).toBe('Failed');
    expect(states.no_key.reason).toMatch(/^S1 app\.no_key: no primary key/);
    expect(states.no_key.reason).not.toContain('Fix:');
    expect(states).not.toHaveProperty('scratch_tmp');
    expect((await call('GET', `/v1/integrations/${INTEGRATION}`)).body).toMatchObject({
      status: 'needs_attention',
    });
  });

  it('streams changes committed at the source', async () => {
    await source.query("UPDATE users SET name = 'Changed' WHERE id = 1");
    await source.query('DELETE FROM todos WHERE id = 1');
    await caughtUp();
    expect(values(await sql('zeroetl', 'SELECT name FROM app.users WHERE id = 1'))).toEqual([['Changed']]);
    expect(values(await sql('zeroetl', 'SELECT COUNT(*) FROM app.todos'))).toEqual([[8]]);
  });

  it('keeps a fixed Failed table Failed until ALTER DATABASE … INTEGRATION REFRESH INERROR TABLES', async () => {
    await source.query('ALTER TABLE no_key ADD PRIMARY KEY (id)');
    await caughtUp();
    expect((await tableStates()).no_key.state).toBe('Failed');
    const refresh = await sql('dev', 'ALTER DATABASE zeroetl INTEGRATION REFRESH INERROR TABLES');
    expect(refresh.status).toBe('FINISHED');
    expect((await tableStates()).no_key).toEqual({ state: 'Synced', reason: '' });
    expect(values(await sql('zeroetl', 'SELECT note FROM app.no_key ORDER BY id'))).toEqual([['a'], ['b']]);
  });

  it('puts a table in ResyncRequired after DDL zero-ETL cannot apply in place, until it is resynced', async () => {
    await source.query('ALTER TABLE albums ADD COLUMN rank_no INT FIRST');
    await caughtUp();
    expect((await tableStates()).albums).toEqual({
      state: 'ResyncRequired',
      reason: 'DDL needs a resync: a column added FIRST or AFTER another (not at the end)',
    });
    const hidden = await sql('zeroetl', 'SELECT COUNT(*) FROM app.albums');
    expect(hidden.error).toBe('ERROR: relation "app.albums" does not exist');
    // The integration resyncs by itself after a while (resyncAfterMs); a refresh does it now.
    expect((await sql('dev', 'ALTER DATABASE zeroetl INTEGRATION REFRESH TABLE app.albums')).status).toBe(
      'FINISHED',
    );
    expect((await tableStates()).albums.state).toBe('Synced');
    expect(values(await sql('zeroetl', 'SELECT COUNT(rank_no), COUNT(*) FROM app.albums'))).toEqual([[0, 3]]);
  });

  it('runs every analytics query unchanged, with the source’s answers', async () => {
    for (const query of loadAnalyticsQueries()) {
      const response = await sql('zeroetl', ['SET search_path TO app', query.sql]);
      expect({ query: query.name, status: response.status, error: response.error }).toEqual({
        query: query.name,
        status: 'FINISHED',
        error: undefined,
      });
      const [expected] = await source.query<RowDataPacket[]>({ sql: query.sql, rowsAsArray: true });
      const asText = (rows: unknown[][]) => rows.map((row) => row.map((value) => Number(value)));
      expect(asText(values(response, 1) as unknown[][])).toEqual(asText(expected as unknown as unknown[][]));
    }
    expect(readFileSync(join(ANALYTICS_DIR, 'posts_per_user.sql'), 'utf8')).toContain('FROM users');
  });

  it('types results for GetStatementResult and words errors as Redshift does', async () => {
    const result = await sql('zeroetl', 'SELECT id, name, NULL AS nothing FROM app.users WHERE id = 2');
    expect(result.subStatements[0].columns.map((column) => column.typeName)).toEqual([
      'int4',
      'varchar',
      'text',
    ]);
    expect(result.subStatements[0].records[0][0]).toEqual({ longValue: 2 });
    expect(result.subStatements[0].records[0][2]).toEqual({ isNull: true });
    expect((await sql('zeroetl', 'SELECT * FROM nope')).error).toBe('ERROR: relation "nope" does not exist');
    expect((await sql('zeroetl', 'SELEC 1')).error).toBe('ERROR: syntax error at or near "SELEC"');
  });

  it('removes a table’s data from the target when a new data filter excludes it', async () => {
    const modified = await call('PATCH', `/v1/integrations/${INTEGRATION}`, {
      dataFilter: `${FILTER}, exclude: app.photos`,
    });
    expect(modified.status).toBe(200);
    expect(await tableStates()).not.toHaveProperty('photos');
    expect((await sql('zeroetl', 'SELECT COUNT(*) FROM app.photos')).error).toBe(
      'ERROR: relation "app.photos" does not exist',
    );
    await call('PATCH', `/v1/integrations/${INTEGRATION}`, { dataFilter: FILTER });
    expect(values(await sql('zeroetl', 'SELECT COUNT(*) FROM app.photos'))).toEqual([[30]]);
  });

  it('answers bad requests with the bridge’s error shape', async () => {
    expect(await call('POST', '/v1/clusters', { clusterId: 'x' })).toEqual({
      status: 400,
      body: { error: { code: 'BadRequest', message: 'resourceId (string) is required' } },
    });
    expect(await call('GET', '/v1/statements/unknown')).toEqual({
      status: 404,
      body: { error: { code: 'NotFound', message: 'no statement unknown' } },
    });
  });
});
