// What one probe result means, in plain words: a short headline and a sentence with what to try
// next, for the CLI's probe command and the extension's probe document. The raw outcome and
// OpenSSL's message (ERR_SSL_WRONG_VERSION_NUMBER … ssl3_record.c) stay in the result and the
// transcript; people read these words. A top-level file: it reads probe/ facts with report/
// words, and probe/ may not import report/ (imports point down the flow).
import { REGISTERED_PORTS, registeredSecurity, type RegisteredSecurity } from './probe/registered-ports.js';
import type { ProbeResult } from './probe/types.js';
import { certificateProblem } from './report/words.js';

/** `works`: secured as asked, certificate trusted. `certificate`: secured, but the certificate
 *  (or the TLS version) is not acceptable. `downgrade`: TLS was asked for, or is what the port
 *  is for, and none came. `cleartext`: answered unencrypted and nobody asked for more.
 *  `failed`: no complete dialogue. */
export type ProbeVerdict = 'works' | 'certificate' | 'downgrade' | 'cleartext' | 'failed';

export interface ProbeExplanation {
  verdict: ProbeVerdict;
  /** A few words to head the result: never "ok" for an untrusted certificate. */
  headline: string;
  /** One sentence: what happened and, where it helps, what to try. */
  words: string;
}

export interface ExplainOptions {
  /** How the reader picks a mode: `--security starttls` on the command line, "STARTTLS" in a
   *  pick list. Default: "STARTTLS" / "implicit TLS". */
  modeChoice?(mode: RegisteredSecurity): string;
}

const MODE_WORDS: Record<RegisteredSecurity, string> = { tls: 'implicit TLS', starttls: 'STARTTLS' };
const defaultChoice = (mode: RegisteredSecurity): string => MODE_WORDS[mode];

// OpenSSL reading a cleartext greeting ("220 …") as a TLS record, across versions and wordings.
const NOT_TLS = /wrong.version.number|packet.length.too.long|unknown.protocol|http.request|record.layer.failure|tlsany_meth/i;
const NO_COMMON_VERSION = /unsupported.protocol|no.protocols.available|version.too.low|alert.protocol.version/i;
const NO_COMMON_CIPHER = /handshake.failure|no.shared.cipher|no.cipher/i;

/** The verdict, a headline and the words for one probe result. */
export function explainProbe(result: ProbeResult, options: ExplainOptions = {}): ProbeExplanation {
  const choose = options.modeChoice ?? defaultChoice;
  if (result.outcome !== 'ok') return { verdict: 'failed', headline: 'FAILED', words: explainProbeFailure(result, options) };
  const registered = registeredSecurity(result.protocol, result.port);
  if (result.observedSecurity === 'none') {
    if (result.requestedSecurity === 'starttls' || (result.requestedSecurity === 'opportunistic' && result.starttls.attempted)) {
      const reply = result.starttls.reply === undefined ? '' : ` (it answered "${result.starttls.reply}")`;
      const said = result.starttls.offered ? 'refused the STARTTLS upgrade' : 'does not offer STARTTLS';
      return { verdict: 'downgrade', headline: 'NOT encrypted', words: `The server ${said}${reply}: nothing was encrypted.` };
    }
    if (result.requestedSecurity === 'opportunistic' && registered === 'starttls') {
      return {
        verdict: 'downgrade',
        headline: 'NOT encrypted',
        words: `The server offers no STARTTLS on port ${result.port}, a STARTTLS port: a mail client would refuse it or send the password unencrypted.`,
      };
    }
    return { verdict: 'cleartext', headline: 'cleartext', words: result.requestedSecurity === 'none' ? 'The server answered in cleartext; no upgrade was asked for.' : 'The server answered in cleartext only: it offers no STARTTLS.' };
  }
  const secured = MODE_WORDS[result.observedSecurity];
  const problem = result.tls === undefined ? undefined : certificateProblem(result.tls, result.host);
  if (problem !== undefined) {
    const headline = result.tls?.authorized === false ? 'certificate NOT trusted' : 'outdated TLS';
    return { verdict: 'certificate', headline, words: `Connected with ${secured}, but ${problem}: a mail client would refuse it, and no password should go there.` };
  }
  const offered = registered !== undefined && registered !== result.observedSecurity ? ` (port ${result.port} is registered for ${choose(registered)})` : '';
  return { verdict: 'works', headline: 'verified', words: `Secured with ${secured}${offered}, ${result.tls?.protocol ?? 'TLS'}, certificate trusted.` };
}

/** Why there was no complete dialogue, and what to try next; for an `ok` result, what
 *  `explainProbe` says. */
export function explainProbeFailure(result: ProbeResult, options: ExplainOptions = {}): string {
  const choose = options.modeChoice ?? defaultChoice;
  const { protocol, host, port } = result;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const registered = registeredSecurity(protocol, port);
  const tlsFirst = registered === 'tls' && result.requestedSecurity !== 'tls';
  switch (result.outcome) {
    case 'ok':
      return explainProbe(result, options).words;
    case 'dns-failed':
      return `${host} does not resolve: no address was found for it.`;
    case 'blocked':
      return `${host} was not dialled: it is a private address.`;
    case 'refused':
      return `${where} refused the connection: nothing listens on port ${port} there.${otherPorts(result, choose)}`;
    case 'unreachable':
      return `No route to ${host}: the host or its network cannot be reached from here.`;
    case 'timeout-connect':
      return silentPort(result, choose);
    case 'timeout-greeting':
      return tlsFirst
        ? `Connected, but no greeting came: port ${port} expects TLS from the first byte; choose ${choose('tls')}.`
        : 'Connected, but the server never greeted (it may be overloaded, or delay its greeting on purpose).';
    case 'timeout-step':
      return /TLS handshake/i.test(result.message)
        ? `No answer to the TLS handshake: the server may not speak TLS on port ${port}.${registered === 'starttls' ? ` Port ${port} expects STARTTLS; choose ${choose('starttls')}.` : ''}`
        : 'The server stopped answering in the middle of the dialogue.';
    case 'timeout-total':
      if (result.address === undefined) return silentPort(result, choose);
      return `The server did not finish the dialogue in time.${tlsFirst && result.tls === undefined ? ` Port ${port} expects TLS from the first byte; choose ${choose('tls')}.` : ''}`;
    case 'tls-failed':
      return tlsFailure(result, choose);
    case 'reset':
      return 'The server reset the connection.';
    case 'closed':
      return /TLS handshake/i.test(result.message) ? 'The server hung up during the TLS handshake.' : 'The server hung up in the middle of the dialogue.';
    case 'protocol-error':
      return `The replies are not ${protocol.toUpperCase()}: is this the right protocol for port ${port}?`;
    case 'rejected':
      return `The server turned the connection away in its greeting${result.greeting === undefined ? '' : ` ("${result.greeting.split('\n')[0]}")`}.`;
    case 'aborted':
      return 'Cancelled.';
  }
}

function tlsFailure(result: ProbeResult, choose: (mode: RegisteredSecurity) => string): string {
  const { message, port } = result;
  if (NOT_TLS.test(message)) {
    // A cleartext greeting where a TLS handshake was expected.
    return registeredSecurity(result.protocol, port) === 'starttls'
      ? `The server did not start TLS at once: port ${port} expects STARTTLS (cleartext first, then an upgrade); choose ${choose('starttls')}.`
      : `The server did not start TLS at once: it may expect STARTTLS (choose ${choose('starttls')}) or no TLS at all.`;
  }
  if (NO_COMMON_VERSION.test(message)) return 'The TLS handshake failed: the server offers no TLS version accepted here (below TLS 1.2?).';
  if (NO_COMMON_CIPHER.test(message)) return 'The TLS handshake failed: the server and this client share no cipher.';
  return 'The TLS handshake failed.';
}

/** " Try 587 (STARTTLS) or 465 (implicit TLS)." without the port just tried. */
function otherPorts({ protocol, port }: ProbeResult, choose: (mode: RegisteredSecurity) => string): string {
  const { tls, starttls } = REGISTERED_PORTS[protocol];
  const choices = [...starttls.filter((p) => p !== 25 && p !== port).map((p) => `${p} (${choose('starttls')})`), ...(tls === port ? [] : [`${tls} (${choose('tls')})`])];
  return choices.length === 0 ? '' : ` Try ${choices.join(' or ')}.`;
}

function silentPort(result: ProbeResult, choose: (mode: RegisteredSecurity) => string): string {
  const filtered = 'No answer and no refusal either: something on the way (a firewall) probably drops the connection.';
  if (result.protocol === 'smtp' && result.port === 25) {
    return `${filtered} Port 25 is blocked by most ISPs and clouds for anything but mail servers; to send with a login, try 587 (${choose('starttls')}) or 465 (${choose('tls')}).`;
  }
  return `${filtered}${otherPorts(result, choose)}`;
}
