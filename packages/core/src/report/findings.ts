// Every finding the report can carry: its severity and the one-line fix a user needs.
// The messages of individual findings add the endpoint and the evidence.
import type { Severity } from '../types.js';

export const FINDINGS = {
  'starttls-missing': {
    severity: 'high',
    fix: 'Do not use this endpoint: the server offered no STARTTLS although TLS was expected — a middlebox may be stripping it. Use implicit TLS (465/993/995) or another network.',
  },
  'starttls-failed': {
    severity: 'high',
    fix: 'The server advertised STARTTLS but the upgrade failed; use an implicit-TLS port or ask the provider to fix TLS.',
  },
  'port-blocked': {
    severity: 'medium',
    fix: 'This network drops or refuses the port (ISPs and clouds block 25 often); use 587 or 465, or check the firewall.',
  },
  'cert-expired': {
    severity: 'high',
    fix: 'The certificate has expired; the provider must renew it. Do not disable verification.',
  },
  'cert-name-mismatch': {
    severity: 'high',
    fix: 'The certificate is for another name: use a host name the certificate covers (often the hoster\'s own name).',
  },
  'cert-untrusted': {
    severity: 'high',
    fix: 'The certificate chain is not trusted here. If the server uses a private CA, trust that CA with --ca-file <pem> (option extraCa) instead of turning verification off.',
  },
  'tls-outdated': {
    severity: 'medium',
    fix: 'The server negotiates TLS below 1.2, which is deprecated (RFC 8996); ask the provider to upgrade.',
  },
  'plaintext-only': {
    severity: 'high',
    fix: 'Only unencrypted connections work: the password would travel in cleartext. Do not use it on untrusted networks.',
  },
  'auth-before-tls': {
    severity: 'medium',
    fix: 'The server offers AUTH before TLS; make sure your client requires TLS before it logs in (the generated config does).',
  },
  'oauth2-only': {
    severity: 'medium',
    fix: 'This provider wants OAuth2: a password login will fail; use an app password if offered, or an OAuth2 flow.',
  },
  'source-conflict': {
    severity: 'low',
    fix: 'Sources disagree; the recommendation follows what the probe confirmed.',
  },
  'cross-domain': {
    severity: 'medium',
    fix: 'The settings point outside your domain; check that you trust this provider before you enter a password.',
  },
  'http-source': {
    severity: 'medium',
    fix: 'This came over plain HTTP and may be forged; it was only used as a hint that a probe had to confirm.',
  },
  'mta-only-port': {
    severity: 'medium',
    fix: 'Only port 25 works: it is the server-to-server port, often blocked by ISPs; apps should submit on 587 or 465.',
  },
  'hosted-by': {
    severity: 'info',
    fix: 'Mail for this domain is hosted by a provider; its settings apply.',
  },
  'not-found': {
    severity: 'high',
    fix: 'No usable server was found; check the domain, or ask the provider for its settings.',
  },
  'not-probed': {
    severity: 'medium',
    fix: 'Run again without --no-probe (option probe) so autoconf can confirm which of them work; DNS alone can be forged.',
  },
  'unverified': {
    severity: 'low',
    fix: 'Nothing was confirmed over the network; run again with network access to verify.',
  },
  'no-network': {
    severity: 'medium',
    fix: 'The network or DNS failed, not the domain: check the connection, or name a DNS server that answers with --dns (option nameservers); --offline uses the embedded provider table only.',
  },
  'look-alike-domain': {
    severity: 'medium',
    fix: 'The domain mixes scripts (a look-alike trick); check that it is the domain you mean.',
  },
  'enable-first': {
    severity: 'info',
    fix: 'The provider asks you to enable IMAP/POP or app access in its web settings first.',
  },
  'http-only-possible': {
    severity: 'info',
    fix: 'Some hosters publish autoconfig over plain HTTP only; allow HTTP sources to use it as a hint.',
  },
  'no-such-domain': {
    severity: 'high',
    fix: 'The domain does not exist in DNS: check its spelling (a typo is the usual cause), or whether you are on a network that can see it.',
  },
  'null-mx': {
    severity: 'high',
    fix: 'The domain says it receives no mail at all (a null MX); check the address for a typo, or ask its owner which address to use.',
  },
  'test-sink': {
    severity: 'high',
    fix: 'This is a mail-testing service: messages are captured for inspection and never delivered. Use it in development only, never in production.',
  },
  'published-cleartext': {
    severity: 'medium',
    fix: 'The domain publishes an unencrypted setting: a password sent there travels in cleartext. Prefer its TLS settings; autoconf recommends and writes a cleartext one only with --allow-insecure (option allowInsecure), and then says so.',
  },
  'forbidden-host': {
    severity: 'high',
    fix: 'A public-suffix host (such as autodiscover.<tld>) was offered as the domain\'s server and refused: someone may be trying to collect logins. Use only settings the domain itself names.',
  },
  'control-characters': {
    severity: 'high',
    fix: 'A published value held hidden control or bidi characters and was refused: the domain\'s settings are broken or hostile. Do not copy them by hand.',
  },
  'no-standard-access': {
    severity: 'high',
    fix: 'This provider offers no direct IMAP/POP3/SMTP access for apps (or only through its own bridge program): use the provider\'s bridge or API.',
  },
  'app-password': {
    severity: 'medium',
    fix: 'The account password is refused for mail programs: create an app password in the account\'s security settings (or use OAuth2), and use that as the password.',
  },
  'service-not-offered': {
    severity: 'info',
    fix: 'The domain says it deliberately does not offer this service (SRV target "."); use the services it does offer.',
  },
  'broken-source': {
    severity: 'low',
    fix: 'A settings document the domain publishes could not be used; the answer comes from the other sources. Its owner can check it with `autoconf lint`.',
  },
  'auth-in-cleartext': {
    severity: 'high',
    fix: 'This port offers a login but no encryption at all: never log in here. Use the implicit-TLS port (465/993/995) or one that offers STARTTLS.',
  },
  'no-greeting': {
    severity: 'medium',
    fix: 'The server took the connection and said nothing (a tarpit, an overloaded server or a filtering middlebox); other clients will hang here too. Use another endpoint, or raise --timeout if the server is only slow.',
  },
  'receive-starttls-only': {
    severity: 'low',
    fix: 'Receiving works only with STARTTLS; implicit TLS (993/995) cannot be stripped by a middlebox (RFC 8314). The generated config requires STARTTLS, so it fails rather than fall back to cleartext.',
  },
  'deadline': {
    severity: 'low',
    fix: 'The overall deadline ended the detection; the report is partial. Raise it with --timeout <ms> (option timeoutMs) to check more.',
  },
} as const satisfies Record<string, { severity: Severity; fix: string }>;

export type FindingCode = keyof typeof FINDINGS;
