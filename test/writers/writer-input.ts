// The writer input most writer tests start from: alice@example.com, SMTP on smtp.example.com
// and IMAP on imap.example.com, verified, detected on a fixed day.
import type { Endpoint } from '@autoconf/core/internal/types.js';
import type { WriterInput } from '@autoconf/core/internal/writers/types.js';

export function endpoint(protocol: Endpoint['protocol'], security: Endpoint['security'], port: number, username?: string): Endpoint {
  return { protocol, host: `${protocol}.example.com`, port, security, authMethods: ['password-cleartext'], verified: true, ...(username === undefined ? {} : { username }) };
}

/** STARTTLS on 587 and implicit TLS on 993 unless `overrides` says otherwise. */
export function writerInput(overrides: Partial<WriterInput> = {}): WriterInput {
  return {
    address: 'alice@example.com',
    detectedAt: '2026-11-28T09:30:00Z',
    verified: true,
    recommended: { smtp: endpoint('smtp', 'starttls', 587), imap: endpoint('imap', 'tls', 993) },
    ...overrides,
  };
}

/** SMTP only, in one mode: what the SMTP readers read back. */
export function smtpInput(security: Endpoint['security'], port: number): WriterInput {
  return writerInput({ recommended: { smtp: endpoint('smtp', security, port, 'alice@example.com') } });
}
