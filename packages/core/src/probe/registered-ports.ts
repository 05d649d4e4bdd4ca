// The registered ports and how each is secured: implicit TLS on 465, 993 and 995 (RFC 8314
// §3.3, §7.3); STARTTLS on 587 (RFC 6409), 25 (RFC 3207), 143 (RFC 3501 §6.2.1) and 110
// (RFC 2595). A default for a choice the user left open and words of advice, never a verdict on
// what a server does: that comes from the dialogue (STYLE: security is not inferred from a port).
import type { Protocol } from '../types.js';

export type RegisteredSecurity = 'tls' | 'starttls';

export const REGISTERED_PORTS: Readonly<Record<Protocol, { tls: number; starttls: readonly number[] }>> = {
  smtp: { tls: 465, starttls: [587, 25] },
  imap: { tls: 993, starttls: [143] },
  pop3: { tls: 995, starttls: [110] },
};

/** The protocol and security a port is registered for, or undefined for any other port. */
export function registeredService(port: number): { protocol: Protocol; security: RegisteredSecurity } | undefined {
  for (const [protocol, ports] of Object.entries(REGISTERED_PORTS) as Array<[Protocol, (typeof REGISTERED_PORTS)[Protocol]]>) {
    if (ports.tls === port) return { protocol, security: 'tls' };
    if (ports.starttls.includes(port)) return { protocol, security: 'starttls' };
  }
  return undefined;
}

/** The security `port` is registered for under `protocol` (587 → starttls for SMTP), or undefined. */
export function registeredSecurity(protocol: Protocol, port: number): RegisteredSecurity | undefined {
  const service = registeredService(port);
  return service?.protocol === protocol ? service.security : undefined;
}
