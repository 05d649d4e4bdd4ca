// Certificates for a world's servers, all from the world's test CA unless a scenario asks
// for a broken one (the findings detect() must report: untrusted, expired, wrong name).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IssuedCert, TestCa } from '../helpers/test-ca.js';

export type CertificateKind = 'trusted' | 'self-signed' | 'expired' | 'wrong-name';

const DAY_MS = 86_400_000;
const EXPIRED_DAYS_AGO = 10;

export interface CertFiles {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

function issue(ca: TestCa, name: string, kind: CertificateKind): IssuedCert {
  switch (kind) {
    case 'trusted':
      return ca.issue({ names: [name] });
    case 'self-signed':
      return ca.selfSigned([name]);
    case 'expired': {
      const notAfter = new Date(Date.now() - EXPIRED_DAYS_AGO * DAY_MS);
      return ca.issue({ names: [name], notBefore: new Date(notAfter.getTime() - 30 * DAY_MS), notAfter });
    }
    case 'wrong-name':
      return ca.issue({ names: [`other.${name}`] });
  }
}

/** One certificate per host name and kind, written where the servers read it. */
export function createCertWriter(ca: TestCa, dir: string): (name: string, kind?: CertificateKind) => CertFiles {
  const written = new Map<string, CertFiles>();
  return (name, kind = 'trusted') => {
    const id = `${name}.${kind}`;
    const known = written.get(id);
    if (known) return known;
    const issued = issue(ca, name, kind);
    const files = { certFile: join(dir, `${id}.pem`), keyFile: join(dir, `${id}.key`), ...issued };
    writeFileSync(files.certFile, issued.cert);
    writeFileSync(files.keyFile, issued.key, { mode: 0o600 });
    written.set(id, files);
    return files;
  };
}
