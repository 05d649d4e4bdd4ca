// Opens the TCP connection of a probe through the Network's lookup (so a test or a user
// can point it at their own DNS server), IPv4 and IPv6 alike, bounded by a connect timeout.
import net, { type LookupFunction, type Socket } from 'node:net';
import { refusalFor } from '../net/private-targets.js';
import type { Network } from '../net/types.js';
import { ProbeFailure, classifySocketError } from './failure.js';

export interface DialOptions {
  host: string;
  port: number;
  timeoutMs: number;
  /** Aborts with a ProbeFailure as its reason (see `run-probe.ts`). */
  signal: AbortSignal;
}

function ignoreError(): void {}

export function openConnection(network: Network, { host, port, timeoutMs, signal }: DialOptions): Promise<Socket> {
  // Names are checked by the network's lookup; an IP literal never reaches it.
  const refused = refusalFor(network, host);
  if (refused !== undefined) return Promise.reject(new ProbeFailure('blocked', refused));
  return new Promise((resolve, reject) => {
    let lookupError: unknown;
    let lookedUp = net.isIP(host) !== 0;
    // Wrapped only to tell a DNS failure apart from a connection failure.
    const lookup: LookupFunction = (hostname, options, callback) => {
      network.lookup(hostname, options, (error, address, family) => {
        lookedUp = true;
        if (error) lookupError = error;
        callback(error, address, family);
      });
    };
    const socket = net.connect({
      host,
      // The network's port map (a testing seam, net/network.ts) picks the port dialled; the
      // probe result keeps the port asked for.
      port: network.portMap?.(host, port) ?? port,
      ...(net.isIP(host) === 0 ? { lookup } : {}),
      autoSelectFamily: true,
      noDelay: true,
    });
    // Stays for the socket's life: a late error must never become an uncaught exception.
    socket.on('error', ignoreError);
    // A name still unresolved when time runs out never reached the server: that is the
    // resolver's silence (a dark network), not a port that drops connections.
    const timer = setTimeout(() => {
      finish(lookedUp
        ? new ProbeFailure('timeout-connect', `no connection to ${host}:${port} within ${timeoutMs} ms`)
        : new ProbeFailure('dns-failed', `${host}: no DNS answer within ${timeoutMs} ms`));
    }, timeoutMs);

    function onAbort(): void {
      finish(signal.reason instanceof ProbeFailure ? signal.reason : new ProbeFailure('aborted', 'aborted'));
    }
    function onError(error: unknown): void {
      if (lookupError !== undefined) {
        const failure = classifySocketError(lookupError, 'dns-failed');
        finish(failure.outcome === 'blocked' ? failure : new ProbeFailure('dns-failed', `${host}: ${failure.message}`));
      } else {
        finish(classifySocketError(error, 'unreachable'));
      }
    }
    function finish(failure?: ProbeFailure): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (failure) {
        socket.destroy();
        reject(failure);
      } else {
        resolve(socket);
      }
    }

    function onConnect(): void {
      finish();
    }

    socket.once('connect', onConnect);
    socket.on('error', onError);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
