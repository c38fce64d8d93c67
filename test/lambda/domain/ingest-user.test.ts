import { RESOURCE_NAMES } from '../../../lambda/src/constants';
import { ingestUserStatements } from '../../../lambda/src/domain/ingest-user';

describe('ingestUserStatements', () => {
  it('makes an IAM-authenticated, TLS-only user in AWS, with DML on each application table', () => {
    const statements = ingestUserStatements(
      { name: 'zeroetl_ingest', auth: { kind: 'iam' } },
      'jsonplaceholder',
    );

    expect(statements.slice(0, 2)).toEqual([
      "CREATE USER IF NOT EXISTS 'zeroetl_ingest'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      "ALTER USER 'zeroetl_ingest'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
    ]);
    expect(statements.slice(2)).toEqual(
      RESOURCE_NAMES.map(
        (name) =>
          `GRANT SELECT, INSERT, UPDATE, DELETE ON \`jsonplaceholder\`.\`${name}\` TO 'zeroetl_ingest'@'%'`,
      ),
    );
  });

  it('quotes a local password as a SQL literal', () => {
    const [create] = ingestUserStatements(
      { name: 'u', auth: { kind: 'password', password: "it's\\x" } },
      'db',
    );

    expect(create).toBe("CREATE USER IF NOT EXISTS 'u'@'%' IDENTIFIED BY 'it\\'s\\\\x'");
  });
});
