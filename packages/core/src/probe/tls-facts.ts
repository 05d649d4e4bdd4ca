// What a TLS handshake tells us, computed by us rather than enforced by Node: probes connect
// with `rejectUnauthorized: false` so an untrusted, expired or misnamed certificate becomes
// data (a finding later), never a failed probe and never a silent fallback.
import { sharedSecureContext } from '../net/secure-context.js';
import tls, { type SecureContext, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import type { Network } from '../net/types.js';
import type { TlsFacts } from './types.js';

const DAY_MS = 86_400_000;
const MODERN_PROTOCOLS = new Set(['TLSv1.2', 'TLSv1.3']);

// Probes accept TLS 1.0/1.1 and weak ciphers (OpenSSL security level 0) so an outdated
// server is seen and reported (RFC 8996) instead of looking like a dead port. Credentials
// are never sent over such a connection: `verifyLogin` checks `outdated` first.
const PROBE_MIN_VERSION = 'TLSv1';
const PROBE_CIPHERS = 'DEFAULT:@SECLEVEL=0';

/** Shared by every probe with the same trusted CAs (see net/secure-context.ts). */
export function getProbeSecureContext(network: Network): SecureContext {
  return sharedSecureContext(network.trust, { minVersion: PROBE_MIN_VERSION, ciphers: PROBE_CIPHERS });
}

/** SNI carries host names only, never an address (RFC 6066 §3). */
export function serverNameFor(host: string): string | undefined {
  return isIP(host) === 0 ? host : undefined;
}

export function readTlsFacts(socket: TLSSocket, host: string, now = Date.now()): TlsFacts {
  const protocol = socket.getProtocol() ?? 'unknown';
  const cipher = socket.getCipher()?.name ?? 'unknown';
  const peer = socket.getPeerCertificate();
  const x509 = socket.getPeerX509Certificate();
  // Node computed `authorized` from the chain alone: we pass a no-op checkServerIdentity.
  const chainTrusted = socket.authorized;
  const chainError = chainTrusted ? undefined : String(socket.authorizationError ?? 'UNKNOWN');
  const nameCheck = peer && Object.keys(peer).length > 0 ? tls.checkServerIdentity(host, peer) : new Error('no certificate');
  const nameError = nameCheck ? errorText(nameCheck) : undefined;
  const nameCode = nameCheck ? (errorCodeOf(nameCheck) ?? nameError) : undefined;
  const validFrom = toIso(x509?.validFrom);
  const validToMs = Date.parse(x509?.validTo ?? '');
  const servername = serverNameFor(host);
  return {
    protocol,
    cipher,
    authorized: chainTrusted && !nameError,
    ...(chainError !== undefined || nameError !== undefined ? { authorizationError: chainError ?? nameCode } : {}),
    chainTrusted,
    ...(chainError !== undefined ? { chainError } : {}),
    nameMatches: nameError === undefined,
    ...(nameError !== undefined ? { nameError } : {}),
    subject: nameOf(peer?.subject),
    subjectAltNames: (peer?.subjectaltname ?? '').split(',').map((name) => name.trim()).filter(Boolean),
    issuer: nameOf(peer?.issuer),
    selfSigned: x509 !== undefined && x509.issuer === x509.subject,
    validFrom,
    validTo: toIso(x509?.validTo),
    daysLeft: Number.isNaN(validToMs) ? 0 : Math.floor((validToMs - now) / DAY_MS),
    expired: Number.isNaN(validToMs) || validToMs < now,
    fingerprint256: peer?.fingerprint256 ?? '',
    outdated: !MODERN_PROTOCOLS.has(protocol),
    ...(servername !== undefined ? { servername } : {}),
  };
}

function nameOf(name: tls.PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  const pick = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);
  return pick(name.CN) ?? pick(name.O) ?? '';
}

function toIso(value: string | undefined): string {
  const ms = Date.parse(value ?? '');
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

function errorCodeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorText(error: Error): string {
  const code = errorCodeOf(error);
  return code ? `${code}: ${error.message}` : error.message;
}
