// TLS contexts built from Node's ~150 roots plus the caller's extra CAs cost tens of
// milliseconds each. They are cached by content, so every detection (each with its own
// Network) and every connection in it share one per kind.
import tls, { type SecureContext, type SecureVersion } from 'node:tls';

const MAX_CONTEXTS = 16;
const contexts = new Map<string, SecureContext>();

export function sharedSecureContext(extraCa: readonly string[], options: { minVersion: SecureVersion; ciphers?: string }): SecureContext {
  const key = `${options.minVersion}|${options.ciphers ?? ''}|${extraCa.join('\n')}`;
  let context = contexts.get(key);
  if (context === undefined) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extraCa], ...options });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  return context;
}
