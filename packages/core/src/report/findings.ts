// Every finding the report can carry: its severity and the one-line fix a user needs. A fix says
// what to do (and names the flag that does it), never what the message already said.
// The messages of individual findings add the endpoint and the evidence.
import type { Severity } from '../types.js';

export const FINDINGS = {
  'starttls-missing': {
    severity: 'high',
    fix: 'Do not use this endpoint: a middlebox may be stripping STARTTLS. Use the implicit-TLS port (465/993/995), or try from another network.',
  },
  'starttls-failed': {
    severity: 'high',
    fix: 'Use the implicit-TLS port (465/993/995) instead, and tell the provider its STARTTLS is broken.',
  },
  'port-blocked': {
    severity: 'medium',
    fix: 'Use 587 or 465 instead (ISPs and clouds often block 25), or open the port in your firewall.',
  },
  'cert-expired': {
    severity: 'high',
    fix: 'Ask the provider to renew the certificate; never turn certificate checks off in your app.',
  },
  'cert-name-mismatch': {
    severity: 'high',
    fix: 'Use the host name the certificate is for (often the hoster\'s own name) in your settings.',
  },
  'cert-untrusted': {
    severity: 'high',
    fix: 'If the server uses a private CA, trust that CA with --ca-file <pem> (option extraCa) and in your app; never turn certificate checks off.',
  },
  'tls-outdated': {
    severity: 'medium',
    fix: 'Ask the provider to enable TLS 1.2 or later (RFC 8996 retires 1.0 and 1.1).',
  },
  'plaintext-only': {
    severity: 'high',
    fix: 'Do not send a password there: ask the provider for TLS. Only --allow-insecure (option allowInsecure) writes such a config, and marks it.',
  },
  'auth-before-tls': {
    severity: 'medium',
    fix: 'Make your client require TLS before it logs in (the generated config does: requireTLS, require_tls, EMAIL_USE_TLS…).',
  },
  'oauth2-only': {
    severity: 'medium',
    fix: 'Use an OAuth2 flow in your app, or an app password where the provider offers one.',
  },
  'source-conflict': {
    severity: 'low',
    fix: 'Nothing to do: the recommendation follows what the probe confirmed.',
  },
  'cross-domain': {
    severity: 'medium',
    fix: 'Make sure you trust that provider before a password goes there; --verify-login asks before it logs in on such a host.',
  },
  'http-source': {
    severity: 'medium',
    fix: 'Nothing to do: a probe had to confirm it. The domain\'s owner should publish the document over HTTPS.',
  },
  'mta-only-port': {
    severity: 'medium',
    fix: 'Ask the provider for submission on 587 or 465: port 25 is blocked for apps on many networks.',
  },
  'hosted-by': {
    severity: 'info',
    fix: 'Nothing to do: the provider\'s settings apply.',
  },
  'not-found': {
    severity: 'high',
    fix: 'Check the address, or ask the provider for its IMAP/SMTP settings; --trace shows every place autoconf looked.',
  },
  'not-probed': {
    severity: 'medium',
    fix: 'Run again without --no-probe (option probe) so autoconf can confirm which of them work; DNS alone can be forged.',
  },
  'unverified': {
    severity: 'low',
    fix: 'Confirm the settings before you rely on them: run again with network access and probing on; fix any certificate or cleartext finding first.',
  },
  'no-network': {
    severity: 'medium',
    fix: 'Check the connection, or name a DNS server that answers with --dns <ip> (option nameservers); --offline answers from the embedded provider table only.',
  },
  'look-alike-domain': {
    severity: 'medium',
    fix: 'Make sure this is the domain you mean: mixing scripts is the trick look-alike domains use.',
  },
  'enable-first': {
    severity: 'info',
    fix: 'Enable IMAP/POP or app access in the provider\'s web settings before your app logs in.',
  },
  'http-only-possible': {
    severity: 'info',
    fix: 'If the domain publishes autoconfig over plain HTTP only, --allow-http (option allowHttp) lets autoconf use it as a hint.',
  },
  'no-such-domain': {
    severity: 'high',
    fix: 'Check the spelling of the domain (a typo is the usual cause), or whether this network can see it.',
  },
  'null-mx': {
    severity: 'high',
    fix: 'Check the address for a typo, or ask the domain\'s owner which address to use.',
  },
  'test-sink': {
    severity: 'high',
    fix: 'Use it in development only: mail sent there is captured and never delivered.',
  },
  'published-cleartext': {
    severity: 'medium',
    fix: 'Use the domain\'s TLS settings; autoconf recommends or writes the cleartext one only with --allow-insecure (option allowInsecure), and marks it.',
  },
  'forbidden-host': {
    severity: 'high',
    fix: 'Use only settings the domain itself names: someone may be trying to collect logins.',
  },
  'control-characters': {
    severity: 'high',
    fix: 'Do not copy the domain\'s published values by hand; ask its owner to fix them.',
  },
  'no-standard-access': {
    severity: 'high',
    fix: 'Use the provider\'s bridge program or API, as the provider documents.',
  },
  'app-password': {
    severity: 'medium',
    fix: 'In the account\'s security settings, create an app password (or use OAuth2), and use it as the password.',
  },
  'service-not-offered': {
    severity: 'info',
    fix: 'Nothing to do: use the services the domain does offer.',
  },
  'broken-source': {
    severity: 'low',
    fix: 'Nothing to do here: the answer comes from the other sources. The domain\'s owner can check the document with `autoconf lint <url>`.',
  },
  'auth-in-cleartext': {
    severity: 'high',
    fix: 'Never log in on this port: use the implicit-TLS port (465/993/995) or one that offers STARTTLS.',
  },
  'no-greeting': {
    severity: 'medium',
    fix: 'Use another endpoint; if the server is only slow, raise --timeout <ms> (option timeoutMs).',
  },
  'receive-starttls-only': {
    severity: 'low',
    fix: 'Nothing to change: the generated config requires STARTTLS, so it fails rather than fall back to cleartext; implicit TLS (993/995) would resist stripping (RFC 8314).',
  },
  'deadline': {
    severity: 'low',
    fix: 'Raise --timeout <ms> (option timeoutMs) to let every check finish.',
  },
} as const satisfies Record<string, { severity: Severity; fix: string }>;

export type FindingCode = keyof typeof FINDINGS;
