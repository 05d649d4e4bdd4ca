// Shared by the probe tests: a test CA, a test DNS server naming loopback hosts, the
// Network built on both, and reply tables of well-behaved servers to vary from.
import { createNetwork } from '@autoconf/core/internal/net/network.js';
import type { Network } from '@autoconf/core/internal/net/types.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import type { Rule } from '../../helpers/line-server.js';
import { createTestCa, type IssuedCert, type TestCa } from '../../helpers/test-ca.js';

export const FAST = { connectTimeoutMs: 2_000, stepTimeoutMs: 2_000, totalTimeoutMs: 8_000 } as const;

export interface ProbeWorld {
  ca: TestCa;
  dns: TestDnsServer;
  network: Network;
  /** Issued by the test CA for 127.0.0.1, ::1 and mail.probe.test. */
  cert: IssuedCert;
  dispose(): Promise<void>;
}

export async function createProbeWorld(): Promise<ProbeWorld> {
  const ca = createTestCa();
  const dns = await startDnsServer({
    zone: {
      'mail.probe.test': { A: ['127.0.0.1'] },
      'other.probe.test': { A: ['127.0.0.1'] },
      'v6only.probe.test': { AAAA: ['::1'] },
    },
  });
  const network = createNetwork({ servers: [dns.address], extraCa: [ca.cert], timeoutMs: 1_000, attempts: 1 });
  const cert = ca.issue({ names: ['mail.probe.test', 'v6only.probe.test', '127.0.0.1', '::1'] });
  return {
    ca,
    dns,
    network,
    cert,
    async dispose() {
      await dns.close();
      ca.dispose();
    },
  };
}

export const SMTP_PLAIN_EHLO = ['250-mx.probe.test', '250-PIPELINING', '250-SIZE 10240000', '250-STARTTLS', '250 8BITMIME'];
export const SMTP_TLS_EHLO = ['250-mx.probe.test', '250-PIPELINING', '250-SIZE 10240000', '250-AUTH PLAIN LOGIN', '250-SMTPUTF8', '250 8BITMIME'];

/** A good submission server: STARTTLS offered and accepted, AUTH only after TLS. */
export function smtpRules(overrides: Rule[] = []): Rule[] {
  return [
    ...overrides,
    { match: 'EHLO', when: 'plain', reply: SMTP_PLAIN_EHLO },
    { match: 'EHLO', when: 'tls', reply: SMTP_TLS_EHLO },
    { match: 'STARTTLS', when: 'plain', reply: '220 2.0.0 Ready to start TLS', then: 'starttls' },
    { match: 'QUIT', reply: '221 2.0.0 Bye', then: 'close' },
  ];
}

/** Every command a client sends with a credential in it. */
export const CREDENTIAL_COMMAND = /^(AUTH|\S+ LOGIN|\S+ AUTHENTICATE|USER|PASS|APOP)\b/i;
