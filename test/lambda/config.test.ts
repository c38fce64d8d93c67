import { parseConfig } from '../../lambda/src/config';
import { EnvVarError } from '../../lambda/src/errors';

const LOCAL = { DB_HOST: 'db.local', DB_NAME: 'zero_etl', DB_USER: 'app', DB_PASSWORD: 'pw' };

describe('parseConfig', () => {
  it('fills documented defaults for a minimal local environment', () => {
    const config = parseConfig(LOCAL);

    expect(config).toEqual({
      db: {
        host: 'db.local',
        port: 3306,
        database: 'zero_etl',
        credentials: { kind: 'static', user: 'app', password: 'pw' },
        ssl: false,
        lockTimeoutSeconds: 60,
        writeConnections: 2,
      },
      http: {
        baseUrl: 'https://jsonplaceholder.typicode.com/',
        timeoutMs: 10_000,
        retries: 3,
        totalTimeoutMs: 60_000,
        backoffMs: 300,
      },
      batchSize: 500,
      logLevel: 'info',
    });
  });

  it('uses the secret and turns TLS on by default in AWS', () => {
    const config = parseConfig({
      DB_HOST: 'cluster.rds.amazonaws.com',
      DB_NAME: 'zero_etl',
      DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc',
    });

    expect(config.db.credentials).toEqual({
      kind: 'secret',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc',
    });
    expect(config.db.ssl).toBe(true);
  });

  it('reads every documented variable', () => {
    const config = parseConfig({
      ...LOCAL,
      API_BASE_URL: 'http://127.0.0.1:8080/api',
      DB_PORT: '3307',
      DB_SSL: 'true',
      BATCH_SIZE: '250',
      HTTP_TIMEOUT_MS: '500',
      HTTP_RETRIES: '0',
      LOG_LEVEL: 'DEBUG',
    });

    expect(config.http).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/api/', timeoutMs: 500, retries: 0 });
    expect(config.db).toMatchObject({ port: 3307, ssl: true });
    expect(config.batchSize).toBe(250);
    expect(config.logLevel).toBe('debug');
  });

  it('lists every problem in one error', () => {
    const parse = () =>
      parseConfig({
        DB_NAME: 'bad-name',
        BATCH_SIZE: '0',
        DB_SSL: 'maybe',
        LOG_LEVEL: 'loud',
        API_BASE_URL: 'ftp://x',
      });

    expect(parse).toThrow(EnvVarError);
    expect(parse).toThrow(
      'Invalid configuration: API_BASE_URL must be an http(s) URL (got "ftp://x"); ' +
        'set DB_IAM_USER or DB_SECRET_ARN (in AWS) or DB_USER and DB_PASSWORD (locally); LOG_LEVEL must be one of debug, info, warn, error; ' +
        'DB_HOST is required; DB_SSL must be true or false (got "maybe"); BATCH_SIZE must be an integer from 1 to 10000 (got "0"); ' +
        'DB_NAME must be 1-64 letters, digits, _ or $',
    );
  });

  it('never puts the password in its errors', () => {
    const parse = () => parseConfig({ DB_USER: 'app', DB_PASSWORD: 'hunter2-secret' });

    expect(parse).toThrow(EnvVarError);
    expect(() => parse()).not.toThrow(/hunter2/);
  });

  it('authenticates with IAM as DB_IAM_USER in the Lambda runtime Region, TLS on', () => {
    const config = parseConfig({
      DB_HOST: 'cluster.rds.amazonaws.com',
      DB_NAME: 'zero_etl',
      DB_IAM_USER: 'zeroetl_ingest',
      AWS_REGION: 'eu-west-1',
    });

    expect(config.db.credentials).toEqual({ kind: 'iam', user: 'zeroetl_ingest', region: 'eu-west-1' });
    expect(config.db.ssl).toBe(true);
  });

  it('refuses IAM authentication without TLS, without a Region, or mixed with other credentials', () => {
    const base = { DB_HOST: 'h', DB_NAME: 'd', DB_IAM_USER: 'u' };

    expect(() => parseConfig({ ...base, AWS_REGION: 'eu-west-1', DB_SSL: 'false' })).toThrow(
      'DB_SSL cannot be false with DB_IAM_USER: RDS accepts IAM tokens over TLS only',
    );
    expect(() => parseConfig(base)).toThrow('DB_IAM_USER needs AWS_REGION');
    expect(() => parseConfig({ ...base, AWS_REGION: 'eu-west-1', DB_SECRET_ARN: 'arn:aws:x' })).toThrow(
      'set only one of DB_IAM_USER, DB_SECRET_ARN and DB_USER',
    );
  });

  it('reads the ingestion user migrate creates: IAM-authenticated, or with a password locally', () => {
    expect(parseConfig({ ...LOCAL, INGEST_DB_USER: 'zeroetl_ingest' }).ingestUser).toEqual({
      name: 'zeroetl_ingest',
      auth: { kind: 'iam' },
    });
    expect(parseConfig({ ...LOCAL, INGEST_DB_USER: 'i', INGEST_DB_PASSWORD: 'pw' }).ingestUser).toEqual({
      name: 'i',
      auth: { kind: 'password', password: 'pw' },
    });
    expect(parseConfig(LOCAL).ingestUser).toBeUndefined();
    expect(() => parseConfig({ ...LOCAL, INGEST_DB_USER: 'bad-name' })).toThrow(/INGEST_DB_USER must be/);
  });
});
