// Node's bundled Mozilla roots, as a set of their base64 bodies. A CA file often repeats most of
// them (a distribution bundle as NODE_EXTRA_CA_CERTS holds them all); a repeated root needs no
// check and no second copy in a TLS context, and each copy costs a parse in every context built.
import tls from 'node:tls';

let bodies: ReadonlySet<string> | undefined;
// The same PEM strings are asked about again for every TLS context built; the answer is kept.
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 4096;

function bodyOf(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----|\s+/g, '');
}

export function isBundledRoot(pem: string): boolean {
  let verdict = verdicts.get(pem);
  if (verdict === undefined) {
    bodies ??= new Set(tls.rootCertificates.map(bodyOf));
    verdict = bodies.has(bodyOf(pem));
    if (verdicts.size < MAX_VERDICTS) verdicts.set(pem, verdict);
  }
  return verdict;
}
