// TLS contexts built from Node's ~150 roots plus everything else trusted (net/trust-store.ts)
// cost tens to hundreds of milliseconds each when every root is handed over as PEM. They are
// cached by the trust store's key, so every detection (each with its own Network) and every
// connection in it share one per kind; and where Node's default store already holds what is
// trusted, a context starts from that store (parsed once per process) and adds only the rest.
import tls, { type SecureContext, type SecureVersion } from 'node:tls';
import { isBundledRoot } from './bundled-roots.js';
import { nodeUsesSystemCa } from './trust-store.js';
import type { TrustStore } from './types.js';

const MAX_CONTEXTS = 16;
const contexts = new Map<string, SecureContext>();
// Node reads NODE_EXTRA_CA_CERTS once, at start-up, into its default store.
const STARTUP_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS || undefined;

/** Whether Node's default store holds nothing this trust store does not: its bundled roots,
 *  plus the NODE_EXTRA_CA_CERTS file only when this store trusts that same file. */
function defaultStoreFits(trust: Pick<TrustStore, 'sources'>): boolean {
  if (nodeUsesSystemCa()) return false;
  if (STARTUP_EXTRA_CA_CERTS === undefined) return true;
  return trust.sources.some((source) => source.kind === 'node-extra-ca-certs' && source.path === STARTUP_EXTRA_CA_CERTS);
}

// What a trust store adds beyond the bundled roots, worked out once per store (each kind of
// context, for probes and for HTTPS, needs the same list).
const missingByStore = new WeakMap<readonly string[], readonly string[]>();

function missingRoots(added: readonly string[]): readonly string[] {
  let missing = missingByStore.get(added);
  if (missing === undefined) {
    missing = added.filter((pem) => !isBundledRoot(pem));
    missingByStore.set(added, missing);
  }
  return missing;
}

function buildContext(trust: Pick<TrustStore, 'added' | 'sources'>, options: { minVersion: SecureVersion; ciphers?: string }): SecureContext {
  const missing = missingRoots(trust.added);
  if (!defaultStoreFits(trust)) return tls.createSecureContext({ ca: [...tls.rootCertificates, ...missing], ...options });
  // Without `ca`, Node uses its default store; adding to it gives this context its own copy.
  const context = tls.createSecureContext(options);
  for (const pem of missing) context.context.addCACert(pem);
  return context;
}

export function sharedSecureContext(trust: Pick<TrustStore, 'added' | 'key' | 'sources'>, options: { minVersion: SecureVersion; ciphers?: string }): SecureContext {
  const key = `${options.minVersion}|${options.ciphers ?? ''}|${trust.key}`;
  let context = contexts.get(key);
  if (context === undefined) {
    context = buildContext(trust, options);
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  return context;
}
