// Which certificate authorities a connection trusts. Node's bundled Mozilla roots always; on top
// of them what the user already configured for every program: NODE_EXTRA_CA_CERTS (honoured by
// default, as Node itself does for its default context, which ours replace), optionally the
// operating system's store (what OpenSSL, curl and git trust; SSL_CERT_FILE / SSL_CERT_DIR
// override it as they do for OpenSSL), and last the caller's own extra CAs.
// Files are read once per process; a file that cannot be used is a note, never a crash.
import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isBundledRoot } from './bundled-roots.js';
import type { TrustSource, TrustStore } from './types.js';

export interface TrustOptions {
  /** Trust the certificates in the file named by NODE_EXTRA_CA_CERTS (default true). */
  nodeExtraCaCerts?: boolean;
  /** Trust the operating system's store too (default: whether Node was started with
   *  --use-openssl-ca or --use-system-ca). */
  systemCa?: boolean;
  /** Checked PEM certificates given by the caller. */
  extraCa?: readonly string[];
  /** The environment to read NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and SSL_CERT_DIR from. */
  env?: NodeJS.ProcessEnv;
}

// A CA bundle is a few hundred KiB; a directory a few hundred files. Bounds keep a wrong path
// (a log file, /usr) from costing more than a moment.
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_DIRECTORY_FILES = 4096;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

// The distributions' bundles, as Go's crypto/x509 and OpenSSL packagers place them.
export const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch, Alpine
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // RHEL 7+, CentOS
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/ssl/cert.pem', // Alpine, BSDs, macOS
];

interface Loaded {
  path: string;
  certificates: readonly string[];
  digest: string;
  problem?: string;
}

const loaded = new Map<string, Loaded>();

function digestOf(certificates: readonly string[]): string {
  return createHash('sha256').update(certificates.join('\n')).digest('hex');
}

function unreadable(error: unknown): string {
  return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
}

function readPemFile(path: string, maxBytes = MAX_FILE_BYTES): { certificates: string[]; bytes: number; problem?: string } {
  try {
    // A FIFO or a device would block or never end: only regular files (after symlinks) are read.
    const stats = statSync(path);
    if (!stats.isFile()) return { certificates: [], bytes: 0, problem: 'is not a regular file' };
    if (stats.size > maxBytes) return { certificates: [], bytes: 0, problem: `is larger than ${maxBytes} bytes` };
    const certificates = readFileSync(path, 'latin1').match(PEM_CERTIFICATE) ?? [];
    return certificates.length === 0 ? { certificates, bytes: stats.size, problem: 'holds no PEM certificate' } : { certificates, bytes: stats.size };
  } catch (error) {
    return { certificates: [], bytes: 0, problem: unreadable(error) };
  }
}

function once(key: string, load: () => Omit<Loaded, 'digest'>): Loaded {
  let entry = loaded.get(key);
  if (entry === undefined) {
    const { path, certificates, problem } = load();
    entry = { path, certificates, digest: digestOf(certificates), ...(problem === undefined ? {} : { problem }) };
    loaded.set(key, entry);
  }
  return entry;
}

/** NODE_EXTRA_CA_CERTS: a few certificates, each checked, so a broken one is named. */
function loadNodeExtraCaCerts(path: string): Loaded {
  return once(`node-extra|${path}`, () => {
    const { certificates, problem } = readPemFile(path);
    // Node's own bundled roots are known good; only the others are parsed to be checked.
    const valid = certificates.filter((pem) => {
      if (isBundledRoot(pem)) return true;
      try {
        new X509Certificate(pem);
        return true;
      } catch {
        return false;
      }
    });
    const skipped = certificates.length - valid.length;
    if (problem !== undefined) return { path, certificates: [], problem };
    if (valid.length === 0) return { path, certificates: [], problem: 'holds no valid certificate' };
    return { path, certificates: valid, ...(skipped === 0 ? {} : { problem: `holds ${skipped} invalid certificate(s), skipped` }) };
  });
}

function readPemDirectory(directory: string): { certificates: string[]; problem?: string } {
  let names: string[];
  try {
    names = readdirSync(directory).sort().slice(0, MAX_DIRECTORY_FILES);
  } catch (error) {
    return { certificates: [], problem: unreadable(error) };
  }
  // Hashed links (c_rehash) point at the same certificates as the named files. The whole
  // directory shares one byte budget.
  const certificates = new Set<string>();
  let budget = MAX_FILE_BYTES;
  for (const name of names) {
    const file = readPemFile(join(directory, name), budget);
    budget -= file.bytes;
    for (const pem of file.certificates) certificates.add(pem);
  }
  return certificates.size === 0 ? { certificates: [], problem: 'holds no PEM certificate' } : { certificates: [...certificates] };
}

/** The OS store, found the way OpenSSL finds its default: SSL_CERT_FILE, then SSL_CERT_DIR,
 *  then the distribution's bundle. The first that yields certificates is used. */
function loadSystemStore(env: NodeJS.ProcessEnv, notes: string[]): Loaded | undefined {
  const file = env.SSL_CERT_FILE || undefined;
  const directories = env.SSL_CERT_DIR ? env.SSL_CERT_DIR.split(':').filter(Boolean) : [];
  const store = once(`system|${file ?? ''}|${directories.join(':')}`, () => {
    const problems: string[] = [];
    if (file !== undefined) {
      const { certificates, problem } = readPemFile(file);
      if (problem === undefined) return { path: file, certificates };
      problems.push(`SSL_CERT_FILE names ${file}, which ${problem}`);
    }
    for (const directory of directories) {
      const { certificates, problem } = readPemDirectory(directory);
      if (problem === undefined) return { path: directory, certificates, ...(problems.length === 0 ? {} : { problem: problems.join('; ') }) };
      problems.push(`SSL_CERT_DIR names ${directory}, which ${problem}`);
    }
    for (const bundle of SYSTEM_BUNDLES) {
      const { certificates, problem } = readPemFile(bundle);
      if (problem === undefined) return { path: bundle, certificates, ...(problems.length === 0 ? {} : { problem: problems.join('; ') }) };
    }
    problems.push(`none of ${SYSTEM_BUNDLES.join(', ')} holds certificates`);
    return { path: '', certificates: [], problem: problems.join('; ') };
  });
  if (store.problem !== undefined) {
    notes.push(store.certificates.length === 0
      ? `No system certificate store could be read (${store.problem}): only Node's bundled roots are trusted.`
      : `${store.problem}: the system store is read from ${store.path} instead.`);
  }
  return store.certificates.length === 0 ? undefined : store;
}

/** Node was asked for the OpenSSL/system store (`--use-openssl-ca`; `--use-system-ca` on Node 22+). */
export function nodeUsesSystemCa(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): boolean {
  const flags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.includes('--use-openssl-ca') || flags.includes('--use-system-ca');
}

export function createTrustStore(options: TrustOptions = {}): TrustStore {
  const env = options.env ?? process.env;
  const added: string[] = [];
  const sources: TrustSource[] = [];
  const notes: string[] = [];
  const digests: string[] = [];
  const extraCaPath = env.NODE_EXTRA_CA_CERTS;
  if ((options.nodeExtraCaCerts ?? true) && extraCaPath) {
    const extra = loadNodeExtraCaCerts(extraCaPath);
    if (extra.problem !== undefined) {
      notes.push(`NODE_EXTRA_CA_CERTS names ${extraCaPath}, which ${extra.problem}${extra.certificates.length === 0 ? ': no certificate from it is trusted' : ''}.`);
    }
    if (extra.certificates.length > 0) {
      added.push(...extra.certificates);
      sources.push({ kind: 'node-extra-ca-certs', path: extra.path, certificates: extra.certificates.length });
      digests.push(extra.digest);
    }
  }
  if (options.systemCa ?? nodeUsesSystemCa(process.execArgv, env)) {
    const system = loadSystemStore(env, notes);
    if (system !== undefined) {
      added.push(...system.certificates);
      sources.push({ kind: 'system', path: system.path, certificates: system.certificates.length });
      digests.push(system.digest);
    }
  }
  const extraCa = options.extraCa ?? [];
  if (extraCa.length > 0) {
    added.push(...extraCa);
    sources.push({ kind: 'option', certificates: extraCa.length });
    digests.push(digestOf(extraCa));
  }
  return Object.freeze({
    added: Object.freeze(added),
    key: digests.length === 0 ? 'bundled' : createHash('sha256').update(digests.join('|')).digest('hex'),
    sources: Object.freeze(sources.map((source) => Object.freeze(source))),
    notes: Object.freeze(notes),
  });
}
