// TLS contexts built from Node's ~150 roots plus everything else trusted (net/trust-store.ts)
// cost tens to hundreds of milliseconds each. They are cached by the trust store's key, so every
// detection (each with its own Network) and every connection in it share one per kind.
import tls, { type SecureContext, type SecureVersion } from 'node:tls';
import type { TrustStore } from './types.js';

const MAX_CONTEXTS = 16;
const contexts = new Map<string, SecureContext>();

export function sharedSecureContext(trust: Pick<TrustStore, 'added' | 'key'>, options: { minVersion: SecureVersion; ciphers?: string }): SecureContext {
  const key = `${options.minVersion}|${options.ciphers ?? ''}|${trust.key}`;
  let context = contexts.get(key);
  if (context === undefined) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...trust.added], ...options });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  return context;
}
