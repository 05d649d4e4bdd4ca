// Puts TLS on an open socket: both for implicit TLS (right after connect) and for
// STARTTLS/STLS. The caller must have dropped every byte read before this point:
// anything the server sent before the handshake is untrusted (RFC 3207 §6, RFC 2595 §3.1).
import tls, { type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { Network } from '../net/types.js';
import { ProbeFailure, classifySocketError, errorCode } from './failure.js';
import { getProbeSecureContext, serverNameFor } from './tls-facts.js';

export interface HandshakeOptions {
  host: string;
  timeoutMs: number;
  signal: AbortSignal;
}

function ignoreError(): void {}

export function upgradeToTls(network: Network, socket: Socket, { host, timeoutMs, signal }: HandshakeOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const servername = serverNameFor(host);
    const secure = tls.connect({
      socket,
      ...(servername !== undefined ? { servername } : {}),
      secureContext: getProbeSecureContext(network),
      rejectUnauthorized: false,
      // Trust is computed afterwards (tls-facts.ts) so it can be reported, not enforced.
      checkServerIdentity: () => undefined,
    });
    secure.on('error', ignoreError);
    const timer = setTimeout(() => {
      finish(new ProbeFailure('timeout-step', `no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);

    function onAbort(): void {
      finish(signal.reason instanceof ProbeFailure ? signal.reason : new ProbeFailure('aborted', 'aborted'));
    }
    function onError(error: unknown): void {
      // A reset mid-handshake is a reset; anything else (alerts, garbage) is a failed handshake.
      const code = errorCode(error);
      finish(code === 'ECONNRESET' || code === 'EPIPE' ? classifySocketError(error, 'reset') : tlsFailure(error));
    }
    function onClose(): void {
      finish(new ProbeFailure('closed', 'the server closed the connection during the TLS handshake'));
    }
    function finish(failure?: ProbeFailure): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      secure.off('secureConnect', onSecure);
      secure.off('error', onError);
      secure.off('close', onClose);
      if (failure) {
        secure.destroy();
        socket.destroy();
        reject(failure);
      } else {
        resolve(secure);
      }
    }
    function onSecure(): void {
      finish();
    }

    secure.once('secureConnect', onSecure);
    secure.on('error', onError);
    secure.once('close', onClose);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

function tlsFailure(error: unknown): ProbeFailure {
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  return new ProbeFailure('tls-failed', code && !message.includes(code) ? `${code}: ${message}` : message);
}
