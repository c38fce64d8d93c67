/**
 * What looks like a secret, in one place: names of keys whose values are secrets, and secrets written
 * inside text (`PASSWORD=…` in a user_data script or an environment block, credentials in a URL, a
 * private key). The plan comment masks with these, and the plan specifications assert the stacks
 * synthesize none.
 */

/** Words that make a key name secret-like anywhere in it (`DB_PASSWORD`, `PGPASSWORD`, `apiToken`). */
const SECRET_WORDS =
  /password|passwd|passphrase|secret|token|credential|authorization|signature|private_?key|access_?key|api_?key|connection_?string/;
/** Short words that count only as a word of their own (`db_pass`, `pwd`; not `bypass`, `passthrough`). */
const SECRET_SHORT_WORDS = /(^|_)(pass|pwd)(_|$)/;

/** Names that contain a secret word but hold references, flags or sizes, never the secret itself. */
const REFERENCE_SUFFIX =
  /(_arn|_arns|_id|_ids|_kms_key|_kms_key_id|_status|_version|_version_stage|_length|_enabled|_rotation|_days|_name|_names|_type|_policy)$|^manage_/;

/** `dbPassword` → `db_password`, `API-Key` → `api_key`: one spelling for the word checks. */
function snake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** True when a map key or attribute name suggests its value is a secret. */
export function isSecretLikeKey(key: string): boolean {
  const name = snake(key);
  return (SECRET_WORDS.test(name) || SECRET_SHORT_WORDS.test(name)) && !REFERENCE_SUFFIX.test(name);
}

/** A secret written into text: the part to keep (group 1) and the secret (group 2). */
const SECRETS_IN_TEXT: readonly RegExp[] = [
  // NAME=value, NAME: value (a space after the colon) or "name": "value", where NAME is secret-like
  // (PASSWORD=…, db_pass: …); never service:Action or host:port.
  /((?<![\w.-])[A-Za-z0-9_-]*(?:pass|passwd|password|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key)[A-Za-z0-9_-]*(?:\s*=\s*"?|"\s*:\s*"?|:\s+"?))((?!\(sensitive value\))[^\s"',;&)]{3,})/gi,
  // scheme://user:password@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]{3,})(?=@)/gi,
  // PEM private keys, whole.
  /()(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)/g,
];

/** `text` with every secret written into it replaced by `mask`. */
export function maskSecretsInText(text: string, mask: string): string {
  return SECRETS_IN_TEXT.reduce(
    (masked, pattern) => masked.replace(pattern, (_all, keep: string) => `${keep}${mask}`),
    text,
  );
}
