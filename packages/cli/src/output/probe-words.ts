// What one probe means, in plain words: the verdict for `autoconf probe`'s headline and for
// each endpoint `autoconf lint` checks. OpenSSL's and Node's codes (ERR_SSL_…, ETIMEDOUT,
// DEPTH_ZERO_SELF_SIGNED_CERT) stay in --json and --trace; people read these sentences.
import type { DialMode, ProbeResult, Protocol } from '@autoconf/core';
import { certificateProblem } from '@autoconf/core/internal/report/words.js';

/** The registered ports (RFC 8314 §7, RFC 6409, RFC 3501, RFC 1939): which one speaks TLS first
 *  and which upgrade with STARTTLS. Used for a default mode and for advice, never for a verdict. */
export const REGISTERED_PORTS: Record<Protocol, { tls: number; starttls: readonly number[] }> = {
  smtp: { tls: 465, starttls: [587, 25] },
  imap: { tls: 993, starttls: [143] },
  pop3: { tls: 995, starttls: [110] },
};

const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set([465, 993, 995]);

export function isImplicitTlsPort(port: number): boolean {
  return IMPLICIT_TLS_PORTS.has(port);
}

/** The protocol whose registered port this is, if any. */
function registeredProtocol(port: number): Protocol | undefined {
  return (Object.keys(REGISTERED_PORTS) as Protocol[]).find((p) => REGISTERED_PORTS[p].tls === port || REGISTERED_PORTS[p].starttls.includes(port));
}

function isStarttlsPort(protocol: Protocol, port: number): boolean {
  return REGISTERED_PORTS[protocol].starttls.includes(port);
}

/** "587 (--security starttls) or 465 (--security tls)", without the port just tried. */
function otherPorts(protocol: Protocol, port: number): string {
  const { tls, starttls } = REGISTERED_PORTS[protocol];
  const choices = [...starttls.filter((p) => p !== 25).map((p) => `${p} (--security starttls)`), `${tls} (--security tls)`];
  return choices.filter((choice) => !choice.startsWith(`${port} `)).join(' or ');
}

/** `works`: secured as asked, certificate trusted. `downgrade`: TLS was asked for (or is what
 *  the port is for) and none came. `certificate`: secured, but the certificate (or the TLS
 *  version) is not acceptable. `cleartext`: answered, unencrypted, and nobody asked for more.
 *  `unreachable`: no dialogue at all. */
export type ProbeVerdict = 'works' | 'downgrade' | 'certificate' | 'cleartext' | 'unreachable';

export interface ProbeMeaning {
  verdict: ProbeVerdict;
  /** One sentence, server data already made visible by the caller. */
  words: string;
}

/** What the probe shows, judged against how it was dialled. */
export function probeMeaning(result: ProbeResult): ProbeMeaning {
  if (result.outcome !== 'ok') return { verdict: 'unreachable', words: failureWords(result) };
  if (result.observedSecurity === 'none') {
    const where = `port ${result.port}`;
    if (result.requestedSecurity === 'starttls') {
      const reply = result.starttls.reply === undefined ? '' : ` (it answered "${result.starttls.reply}")`;
      const said = result.starttls.offered ? 'refused the STARTTLS upgrade' : 'does not offer STARTTLS';
      return { verdict: 'downgrade', words: `STARTTLS was required but the server ${said}${reply}: nothing was encrypted` };
    }
    if (result.requestedSecurity === 'opportunistic' && result.starttls.attempted) {
      return { verdict: 'downgrade', words: `the server offered STARTTLS but refused the upgrade${result.starttls.reply === undefined ? '' : ` ("${result.starttls.reply}")`}: nothing was encrypted` };
    }
    if (result.requestedSecurity === 'opportunistic' && isStarttlsPort(result.protocol, result.port)) {
      return { verdict: 'downgrade', words: `cleartext only: the server offers no STARTTLS on ${where}, a STARTTLS port, so a mail client would either refuse it or send the password unencrypted` };
    }
    return { verdict: 'cleartext', words: result.requestedSecurity === 'none' ? 'answered in cleartext (--security none: no upgrade asked for)' : 'answered in cleartext only: the server offers no STARTTLS' };
  }
  const secured = result.observedSecurity === 'tls' ? 'implicit TLS' : 'STARTTLS';
  const problem = result.tls === undefined ? undefined : certificateProblem(result.tls, result.host);
  if (problem !== undefined) return { verdict: 'certificate', words: `${secured}, but ${problem}` };
  return { verdict: 'works', words: `${secured}, ${result.tls?.protocol ?? 'TLS'}, certificate trusted` };
}

const NOT_TLS = /wrong.version.number|packet.length.too.long|unknown.protocol|http.request|record.layer.failure/i;
const NO_COMMON_VERSION = /unsupported.protocol|no.protocols.available|version.too.low|tlsv1.alert.protocol.version/i;
const NO_COMMON_CIPHER = /handshake.failure|no.shared.cipher|no.cipher/i;

/** Why there was no dialogue (or it broke off), and what to try next. */
export function failureWords(result: ProbeResult): string {
  const { protocol, host, port } = result;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (result.outcome) {
    case 'dns-failed':
      return `${host} does not resolve: no address was found for it`;
    case 'blocked':
      return `${host} was not dialled: it is a private address`;
    case 'refused':
      return `${where} refused the connection: nothing listens on port ${port} there; try ${otherPorts(protocol, port)}`;
    case 'unreachable':
      return `no route to ${host}: the host or its network is unreachable from here`;
    case 'timeout-connect':
      return silentPort(result);
    case 'timeout-total':
      return result.address === undefined ? silentPort(result) : `the server did not finish the dialogue in time${result.tls === undefined && isImplicitTlsPort(port) && result.requestedSecurity !== 'tls' ? `: port ${port} speaks TLS first, try --security tls` : ''}`;
    case 'timeout-greeting':
      return isImplicitTlsPort(port) && result.requestedSecurity !== 'tls'
        ? `connected, but no greeting came: port ${port} expects TLS first, try --security tls`
        : 'connected, but the server never greeted (it may be overloaded, or delay greetings)';
    case 'timeout-step':
      return /TLS handshake/i.test(result.message)
        ? `no answer to the TLS handshake: the server may not speak TLS on port ${port}${isStarttlsPort(protocol, port) ? ', which expects STARTTLS: try --security starttls' : ''}`
        : 'the server stopped answering in the middle of the dialogue';
    case 'tls-failed':
      return tlsFailureWords(result);
    case 'reset':
      return 'the server reset the connection';
    case 'closed':
      return /TLS handshake/i.test(result.message) ? 'the server hung up during the TLS handshake' : 'the server hung up in the middle of the dialogue';
    case 'protocol-error': {
      const owner = registeredProtocol(port);
      const hint = owner !== undefined && owner !== protocol ? `port ${port} is ${owner.toUpperCase()}'s, try --protocol ${owner}` : 'is this the right --protocol?';
      return `the replies are not ${protocol.toUpperCase()}: ${hint}`;
    }
    case 'rejected':
      return `the server turned the connection away in its greeting${result.greeting === undefined ? '' : ` ("${result.greeting.split('\n')[0]}")`}`;
    case 'aborted':
      return 'cancelled';
    case 'ok':
      return 'answered';
  }
}

function silentPort({ protocol, port }: ProbeResult): string {
  const filtered = 'no answer and no refusal either: something on the way (a firewall) probably drops the connection';
  if (protocol === 'smtp' && port === 25) {
    return `${filtered}; port 25 is blocked at most ISPs and clouds for anything but mail servers: to send with a login, try 587 (--security starttls) or 465 (--security tls)`;
  }
  return `${filtered}; try ${otherPorts(protocol, port)}, or from another network`;
}

function tlsFailureWords({ protocol, port, message }: ProbeResult): string {
  if (NOT_TLS.test(message)) {
    return isStarttlsPort(protocol, port)
      ? `the server did not answer with TLS: port ${port} expects STARTTLS, try --security starttls`
      : 'the server did not answer with TLS: it may expect STARTTLS (try --security starttls) or cleartext';
  }
  if (NO_COMMON_VERSION.test(message)) return 'the TLS handshake failed: the server offers no TLS version autoconf accepts (below TLS 1.2?)';
  if (NO_COMMON_CIPHER.test(message)) return 'the TLS handshake failed: the server and autoconf share no cipher';
  return 'the TLS handshake failed';
}

/** How a missing --security was decided, for the reader. */
export function defaultModeWords(security: DialMode, port: number): string {
  return security === 'tls'
    ? `implicit TLS: port ${port}'s registered mode (choose with --security)`
    : 'cleartext, upgrading with STARTTLS if offered (choose with --security)';
}
