/**
 * The deployable bundle itself (not the TypeScript sources): it loads, migrates with the SQL it
 * carries, ingests through its bundled ky and mysql2, and stays within its size budget (≤ 1 MB).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_HANDLER, bundleLambda } from '../../lambda/bundle';
import { generateDataset } from '../../local/dataplane/fixtures/dataset';
import { type FixtureApiServer, startFixtureApiServer } from '../../local/dataplane/fixtures/api-server';
import { type TestDatabase, createTestDatabase } from '../harness/mysql';
import { lambdaEnv, rowCounts } from '../harness/lambda';

type BundledModule = {
  handler: (event: unknown, context?: unknown) => Promise<{ statusCode: number; body: string }>;
  shutdown: () => Promise<void>;
};

describe('bundleLambda', () => {
  let outDir: string;
  let entry: string;
  let api: FixtureApiServer;
  let database: TestDatabase;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
    entry = bundleLambda(outDir).entry;
    api = await startFixtureApiServer({ dataset: generateDataset(23) });
    database = await createTestDatabase('lambda_bundle');
  });
  afterAll(async () => {
    await api.close();
    await database.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes index.js, the SDK beside it, their source maps and the RDS CA bundle, for index.handler', () => {
    expect(readdirSync(outDir).sort()).toEqual([
      'aws-sdk.js',
      'aws-sdk.js.map',
      'index.js',
      'index.js.map',
      'rds-ca-bundle.pem',
    ]);
    expect(entry).toBe(join(outDir, 'index.js'));
    expect(LAMBDA_HANDLER).toBe('index.handler');
  });

  it('keeps the JavaScript within 1 MB, carrying its dependencies and the AWS SDK itself', () => {
    const code = readFileSync(entry, 'utf8');
    const sdk = readFileSync(join(outDir, 'aws-sdk.js'), 'utf8');

    expect(statSync(entry).size + statSync(join(outDir, 'aws-sdk.js')).size).toBeLessThanOrEqual(1_000_000);
    for (const js of [code, sdk]) {
      expect(js).not.toContain('require("@aws-sdk/client-secrets-manager")');
      expect(js).not.toContain('require("@aws-sdk/rds-signer")');
    }
    // The SDK is in aws-sdk.js only, which index.js requires on first use (cold start skips it).
    expect(sdk).toContain('AWS4-HMAC-SHA256');
    expect(code).not.toContain('AWS4-HMAC-SHA256');
    expect(code).toContain('require("./aws-sdk")');
    // The RDS CA bundle is a file beside index.js, not inlined: no PEM body (base64 DER starts "MII")
    // in the JavaScript; the marker itself appears in DB_CA_BUNDLE's check.
    expect(code).not.toMatch(/-----BEGIN CERTIFICATE-----(\\n|\s)*MII/);
    // iconv-lite's CJK code tables stay out (BUNDLE_TRIMS); the function never asks for them.
    expect(code).toContain('require("./tables/cp936.json")');
  });

  it('ships every Amazon RDS CA certificate as parseable PEM', () => {
    const pem = readFileSync(join(outDir, 'rds-ca-bundle.pem'), 'utf8');
    const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

    expect(certificates.length).toBeGreaterThan(100);
    expect(certificates.every((text) => new X509Certificate(text).subject.length > 0)).toBe(true);
  });

  it('migrates and ingests from the bundle alone', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, lambdaEnv(database, api.url));
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(entry) as BundledModule;
    try {
      const migrated = await bundled.handler({ action: 'migrate' }, { awsRequestId: 'bundle' });
      const ingested = await bundled.handler(
        { action: 'ingest', resources: ['users', 'albums'] },
        { awsRequestId: 'bundle' },
      );

      expect(migrated.statusCode).toBe(200);
      expect(ingested.statusCode).toBe(200);
      expect(JSON.parse(ingested.body).resources.albums).toMatchObject({ fetched: 100, upserted: 100 });
      expect(await rowCounts(database.pool)).toMatchObject({ users: 10, albums: 100, photos: 0 });
    } finally {
      await bundled.shutdown();
      write.mockRestore();
      process.env = saved;
    }
  });
});
