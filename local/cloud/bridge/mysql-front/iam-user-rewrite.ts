/**
 * Aurora MySQL creates IAM-authenticated users with `IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'`
 * ("Creating a database account using IAM authentication", Aurora User Guide). MariaDB has no such
 * plugin, so the front rewrites the clause to a password only it knows; a user whose stored password
 * is that one is an IAM user, and the front lets it in only with a valid token (never with a
 * password). Everything else in the statement (REQUIRE SSL, the host part, grants) stays as written.
 * Pure.
 */

const IAM_CLAUSE = /IDENTIFIED\s+WITH\s+(['"`]?)AWSAuthenticationPlugin\1\s+AS\s+(['"])RDS\2/gi;

/** Cheap pre-check on a raw packet before decoding it. */
export const mentionsIamPlugin = (payload: Buffer) =>
  /AWSAuthenticationPlugin/i.test(payload.toString('latin1'));

/** The statement with every IAM clause replaced by `IDENTIFIED BY '<password>'`; unchanged when it has none. */
export function rewriteIamUserClauses(sql: string, password: string): { sql: string; rewritten: boolean } {
  if (!/^[A-Za-z0-9]+$/.test(password)) throw new Error('the front password must be alphanumeric');
  let rewritten = false;
  const result = sql.replace(IAM_CLAUSE, () => {
    rewritten = true;
    return `IDENTIFIED BY '${password}'`;
  });
  return { sql: result, rewritten };
}
