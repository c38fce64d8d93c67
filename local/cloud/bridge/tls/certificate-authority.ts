/**
 * The local cloud's own certificate authority, generated per run: it signs the certificates the
 * cluster endpoints (the MySQL front and the MariaDB behind it) present, and its certificate is what
 * the local cloud's Lambda runtime hands functions as their trusted database CA (DB_CA_BUNDLE), as the
 * Amazon RDS CA bundle is in AWS. Keys never leave the run's folder, which `dispose()` removes.
 *
 * The `openssl` CLI makes the keys and certificates (Node has no X.509 writer; OpenSSL is on every
 * Debian that runs MariaDB, and .ci/run installs it where it is missing): EC P-256, valid two days.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ownFolder } from '../../../../shared/owned-resources';
import { LocalCloudError } from '../../errors';

const run = promisify(execFile);

export class CertificateAuthorityError extends LocalCloudError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CertificateAuthorityError';
  }
}

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Files holding the same PEMs, for servers that read them from disk (MariaDB's --ssl-cert). */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface CertificateAuthority {
  /** The CA certificate (PEM): what clients trust. */
  readonly caPem: string;
  readonly caFile: string;
  /** A server certificate for these IP addresses and DNS names, signed by this CA. */
  issue(name: string, hosts: readonly string[]): Promise<IssuedCertificate>;
  /** Removes the keys and certificates. */
  dispose(): void;
}

const VALID_DAYS = '2';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const IP_ADDRESS = /^(\d{1,3}\.){3}\d{1,3}$|:/;

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new CertificateAuthorityError(
        'The local cloud needs the openssl command to make its TLS certificates: install it ' +
          '(sudo apt-get install openssl, or brew install openssl) and retry.',
        { cause: error },
      );
    }
    throw new CertificateAuthorityError(`openssl ${args[0]} failed: ${stderr ?? String(error)}`, {
      cause: error,
    });
  }
}

/** Creates a fresh CA in its own temporary folder (removed by `dispose()` or when the process exits). */
export async function createCertificateAuthority(
  commonName = 'zero-etl local cloud CA',
): Promise<CertificateAuthority> {
  const dir = mkdtempSync(join(tmpdir(), 'zero-etl-local-cloud-ca-'));
  const release = ownFolder(dir);
  const dispose = () => {
    rmSync(dir, { recursive: true, force: true });
    release();
  };
  const caFile = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  try {
    await openssl([
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      caKey,
      '-out',
      caFile,
      '-days',
      VALID_DAYS,
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  } catch (error) {
    dispose();
    throw error;
  }
  let serial = 0;
  return {
    caPem: readFileSync(caFile, 'utf8'),
    caFile,
    async issue(name, hosts) {
      const base = join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++serial}`);
      const [keyFile, certFile, csr, ext] = ['.key', '.pem', '.csr', '.ext'].map((suffix) => base + suffix);
      const altNames = hosts.map((host) => (IP_ADDRESS.test(host) ? `IP:${host}` : `DNS:${host}`));
      writeFileSync(ext, `subjectAltName=${altNames.join(',')}\nextendedKeyUsage=serverAuth\n`);
      await openssl(['req', '-new', ...EC_KEY, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${hosts[0]}`]);
      await openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-set_serial',
        String(Date.now() * 1000 + serial),
        '-out',
        certFile,
        '-days',
        VALID_DAYS,
        '-extfile',
        ext,
      ]);
      return {
        certPem: readFileSync(certFile, 'utf8'),
        keyPem: readFileSync(keyFile, 'utf8'),
        certFile,
        keyFile,
      };
    },
    dispose,
  };
}
