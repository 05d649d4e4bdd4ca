// A certificate authority made at test time with the real `openssl` binary: nothing is
// committed. `openssl ca` is used because it can set past validity dates (an expired leaf).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';

export interface IssuedCert {
  /** PEM of the leaf certificate. */
  cert: string;
  /** PEM of the private key. */
  key: string;
}

export interface IssueOptions {
  /** DNS names and IP addresses for the subjectAltName; the first is also the CN. */
  names: string[];
  notBefore?: Date;
  notAfter?: Date;
}

export interface TestCa {
  /** PEM of the CA certificate: give it to the code under test as an extra trusted CA. */
  cert: string;
  issue(options: IssueOptions): IssuedCert;
  /** A certificate signed by nobody we trust. */
  selfSigned(names: string[]): IssuedCert;
  dispose(): void;
}

const DAY_MS = 86_400_000;

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `openssl ca` wants UTCTime, YYMMDDHHMMSSZ. */
function asn1Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

function subjectAltName(names: string[]): string {
  return names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}

function newKey(dir: string, file: string): string {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], dir);
  return readFileSync(join(dir, file), 'utf8');
}

export function createTestCa(commonName = 'autoconf test CA'): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-ca-'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]', 'default_ca = test',
      '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial',
      'new_certs_dir = $dir', 'certificate = $dir/ca.pem', 'private_key = $dir/ca.key',
      'default_md = sha256', 'policy = anything', 'unique_subject = no', 'copy_extensions = none',
      '[anything]', 'commonName = supplied',
      '[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', 'CN = unused',
      '[v3_ca]', 'basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier = hash',
    ].join('\n'),
  );
  newKey(dir, 'ca.key');
  openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-subj', `/CN=${commonName}`, '-days', '30',
      '-config', 'ca.cnf', '-extensions', 'v3_ca', '-out', 'ca.pem'],
    dir,
  );
  const caCert = readFileSync(join(dir, 'ca.pem'), 'utf8');
  let counter = 0;

  function issue({ names, notBefore, notAfter }: IssueOptions): IssuedCert {
    const id = `leaf${counter++}`;
    const key = newKey(dir, `${id}.key`);
    const commonName = names[0] ?? 'localhost';
    openssl(['req', '-new', '-key', `${id}.key`, '-subj', `/CN=${commonName}`, '-out', `${id}.csr`], dir);
    writeFileSync(
      join(dir, `${id}.ext`),
      `basicConstraints = CA:FALSE\nkeyUsage = digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectAltName = ${subjectAltName(names)}\n`,
    );
    const start = notBefore ?? new Date(Date.now() - DAY_MS);
    const end = notAfter ?? new Date(Date.now() + 30 * DAY_MS);
    openssl(
      ['ca', '-batch', '-config', 'ca.cnf', '-in', `${id}.csr`, '-out', `${id}.pem`, '-notext',
        '-startdate', asn1Time(start), '-enddate', asn1Time(end), '-extfile', `${id}.ext`],
      dir,
    );
    return { cert: readFileSync(join(dir, `${id}.pem`), 'utf8'), key };
  }

  function selfSigned(names: string[]): IssuedCert {
    const id = `self${counter++}`;
    const key = newKey(dir, `${id}.key`);
    openssl(
      ['req', '-x509', '-new', '-key', `${id}.key`, '-subj', `/CN=${names[0] ?? 'localhost'}`, '-days', '30',
        '-addext', `subjectAltName=${subjectAltName(names)}`, '-out', `${id}.pem`],
      dir,
    );
    return { cert: readFileSync(join(dir, `${id}.pem`), 'utf8'), key };
  }

  return { cert: caCert, issue, selfSigned, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
