/**
 * The MySQL user the ingestion writes as: the `migrate` action (run with the master credentials)
 * creates it, idempotently, with DML on the application tables and nothing else. In AWS it
 * authenticates with IAM (no password to store or rotate; TLS required); locally with a password,
 * because MariaDB has no AWSAuthenticationPlugin. Pure: renders the statements.
 */
import { RESOURCE_NAMES } from '../constants';
import { RESOURCE_SPECS } from './resources';

export type IngestUserAuth =
  { readonly kind: 'iam' } | { readonly kind: 'password'; readonly password: string };

export interface IngestUser {
  readonly name: string;
  readonly auth: IngestUserAuth;
}

/** What the ingestion needs: read, write and delete rows of its tables (no DDL, no other tables). */
export const INGEST_USER_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/** A single-quoted SQL string literal. */
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export function ingestUserStatements(user: IngestUser, database: string): string[] {
  const account = `${literal(user.name)}@'%'`;
  // CREATE … IF NOT EXISTS leaves an existing user alone; ALTER then sets the method either way.
  const identified =
    user.auth.kind === 'iam'
      ? "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL"
      : `IDENTIFIED BY ${literal(user.auth.password)}`;
  return [
    `CREATE USER IF NOT EXISTS ${account} ${identified}`,
    `ALTER USER ${account} ${identified}`,
    ...RESOURCE_NAMES.map(
      (name) =>
        `GRANT ${INGEST_USER_PRIVILEGES.join(', ')} ON ${ident(database)}.${ident(RESOURCE_SPECS[name].table)} TO ${account}`,
    ),
  ];
}
