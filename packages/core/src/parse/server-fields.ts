// Field checks shared by the clientConfig and Autodiscover parsers: every value that came
// over the network is sanitised here before it can become a Candidate.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { AuthMethod, LintNote, Protocol, PublishedSecurity } from '../types.js';
import { describeCodePoint, findControlCharacter } from '../text/control-characters.js';
import type { XmlElement } from './xml.js';
import { note } from '../notes.js';

export interface AddressParts {
  localPart: string;
  domain: string;
  address: string;
}

const MAX_PORT = 65_535;
const MAX_NAME_OCTETS = 253;
const LDH_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;

// Ports where each mode is conventional (RFC 8314 §3.3, RFC 6409, RFC 3501, RFC 1939).
const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set([465, 993, 995]);
const STARTTLS_PORTS: ReadonlySet<number> = new Set([25, 587, 143, 110]);
const PROTOCOL_PORTS: Readonly<Record<Protocol, ReadonlySet<number>>> = {
  smtp: new Set([25, 465, 587]),
  imap: new Set([143, 993]),
  pop3: new Set([110, 995]),
};

export { expandPlaceholders, type Expansion } from '../address.js';

/** A lower-case A-label host name or IP literal, or undefined when the value is not one. */
export function normalizeHostname(raw: string): string | undefined {
  // Checked before trim(): "host\n" is not a host name with a stray newline, it is not one.
  if (findControlCharacter(raw) !== undefined) return undefined;
  const trimmed = raw.trim().replace(/\.$/, '');
  if (trimmed === '') return undefined;
  const bare = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (isIP(bare) !== 0) return bare.toLowerCase();
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '' || ascii.length > MAX_NAME_OCTETS) return undefined;
  return ascii.split('.').every((label) => LDH_LABEL.test(label)) ? ascii : undefined;
}

/** True when `name` is already a normalised host name or IP literal (DNS answers, URL hosts). */
export function isHostName(name: string): boolean {
  return name !== '' && normalizeHostname(name) === name.toLowerCase();
}

// Elements a document may repeat: their paths carry an index, as the parsers' notes do.
const INDEXED_ELEMENTS: ReadonlySet<string> = new Set(['incomingServer', 'outgoingServer', 'authentication', 'Protocol']);
// One server's settings: a value refused inside one takes the server's host with it, so
// the rest of what it published (the login name, say) never becomes a half candidate.
const SERVER_BLOCKS: Readonly<Record<string, string>> = { incomingServer: 'hostname', outgoingServer: 'hostname', Protocol: 'Server' };
// Prose, where a line break in the XML source is layout (XML 1.0 §2.10), not content.
const FREE_TEXT_ELEMENTS: ReadonlySet<string> = new Set(['descr', 'instruction', 'displayName', 'displayShortName', 'DisplayName', 'Message']);
const XML_WHITESPACE_RUN = / *[\t\n\r][\t\n\r ]*/g;

/**
 * Every value a document publishes (text and attributes, character references already
 * decoded, so `&#27;` counts) is checked for control, line-separator and bidi characters
 * before anything reads it. Such a value is refused, not cleaned: it is removed with a
 * note, and a server block holding one loses its host name, so it yields no candidate.
 */
export function refuseControlText(root: XmlElement): { root: XmlElement; notes: LintNote[] } {
  const notes: LintNote[] = [];
  const refuse = (character: string, at: string, server: string | undefined) =>
    notes.push(note(
      'control-characters',
      `The published value holds ${describeCodePoint(character)}, a control or bidi character; refused${server === undefined ? '' : ', and the server with it'}.`,
      at,
    ));

  function sweep(element: XmlElement, path: string, server: { path: string; tainted: boolean } | undefined): XmlElement {
    const hostElement = SERVER_BLOCKS[element.name];
    const block = hostElement !== undefined ? { path, tainted: false } : server;
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(element.attributes)) {
      const bad = findControlCharacter(value);
      if (bad === undefined) attributes[name] = value;
      else {
        refuse(bad, `${path}@${name}`, block?.path);
        if (block) block.tainted = true;
      }
    }
    const raw = FREE_TEXT_ELEMENTS.has(element.name) ? element.text.replace(XML_WHITESPACE_RUN, ' ') : element.text;
    const badText = findControlCharacter(raw);
    if (badText !== undefined) {
      refuse(badText, path, block?.path);
      if (block) block.tainted = true;
    }
    const seen = new Map<string, number>();
    let children = element.children.map((child) => {
      const index = (seen.get(child.name) ?? 0) + 1;
      seen.set(child.name, index);
      return sweep(child, `${path}/${child.name}${INDEXED_ELEMENTS.has(child.name) ? `[${index}]` : ''}`, block);
    });
    if (hostElement !== undefined && block?.tainted === true) children = children.filter((child) => child.name !== hostElement);
    return { name: element.name, attributes, children, text: badText === undefined ? raw : '' };
  }

  return { root: sweep(root, root.name, undefined), notes };
}

export function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,5}$/.test(raw.trim())) return undefined;
  const port = Number(raw.trim());
  return port >= 1 && port <= MAX_PORT ? port : undefined;
}

/** 'true'/'on'/'yes' and 'false'/'off'/'no', case-insensitive; anything else is unknown. */
export function parseFlag(raw: string | undefined): boolean | undefined {
  const value = raw?.trim().toLowerCase();
  if (value === 'true' || value === 'on' || value === 'yes' || value === '1') return true;
  if (value === 'false' || value === 'off' || value === 'no' || value === '0') return false;
  return undefined;
}

/**
 * Contradictions between a published port and security mode. The candidate is kept as
 * published: the probe decides what the server really speaks.
 */
export function checkPortSecurity(protocol: Protocol, port: number, security: PublishedSecurity, at: string): LintNote[] {
  const notes: LintNote[] = [];
  const mismatch = (message: string, code: 'port-security-mismatch' | 'port-unusual' = 'port-security-mismatch') =>
    notes.push(note(code, message, at));
  if (security === 'tls' && STARTTLS_PORTS.has(port)) {
    mismatch(`Implicit TLS on port ${port}, a port for plain or STARTTLS connections.`);
  } else if (security === 'starttls' && IMPLICIT_TLS_PORTS.has(port)) {
    mismatch(`STARTTLS on port ${port}, a port for implicit TLS.`);
  }
  const portOfOtherProtocol = (Object.keys(PROTOCOL_PORTS) as Protocol[]).find(
    (other) => other !== protocol && PROTOCOL_PORTS[other].has(port),
  );
  if (portOfOtherProtocol !== undefined) {
    mismatch(`${protocol.toUpperCase()} on port ${port}, a ${portOfOtherProtocol.toUpperCase()} port.`);
  } else if (!PROTOCOL_PORTS[protocol].has(port)) {
    mismatch(`${protocol.toUpperCase()} on the unusual port ${port}.`, 'port-unusual');
  }
  return notes;
}

// clientConfig values (draft-ietf-mailmaint-autoconfig, "authentication"), matched
// case-insensitively; "plain" and "secure" are the pre-1.1 spellings Thunderbird still reads.
const AUTH_VALUES: Readonly<Record<string, AuthMethod>> = {
  'password-cleartext': 'password-cleartext',
  'password-encrypted': 'password-encrypted',
  oauth2: 'oauth2',
  ntlm: 'ntlm',
  gssapi: 'gssapi',
  'client-ip-address': 'client-ip',
  'tls-client-cert': 'client-cert',
  'smtp-after-pop': 'smtp-after-pop',
  none: 'none',
};
const DEPRECATED_AUTH_VALUES: Readonly<Record<string, AuthMethod>> = { plain: 'password-cleartext', secure: 'password-encrypted' };
// authentication@system="sasl" carries SASL mechanism names (RFC 4422 registry).
const SASL_MECHANISMS: Readonly<Record<string, AuthMethod>> = {
  PLAIN: 'password-cleartext',
  LOGIN: 'password-cleartext',
  'CRAM-MD5': 'password-encrypted',
  'DIGEST-MD5': 'password-encrypted',
  XOAUTH2: 'oauth2',
  OAUTHBEARER: 'oauth2',
  NTLM: 'ntlm',
  GSSAPI: 'gssapi',
  EXTERNAL: 'client-cert',
};

export function mapAuthentication(raw: string, system: string | undefined, at: string): { method?: AuthMethod; note?: LintNote } {
  const value = raw.trim();
  if (system?.toLowerCase() === 'sasl') {
    const upper = value.toUpperCase();
    const method = SASL_MECHANISMS[upper] ?? (upper.startsWith('SCRAM-') ? 'password-encrypted' : undefined);
    return method !== undefined
      ? { method }
      : { note: note('auth-unknown', `SASL mechanism "${value}" is not known; ignored.`, at) };
  }
  const lower = value.toLowerCase();
  const method = AUTH_VALUES[lower];
  if (method !== undefined) return { method };
  const deprecated = DEPRECATED_AUTH_VALUES[lower];
  if (deprecated !== undefined) {
    return { method: deprecated, note: note('auth-deprecated', `The old value "${value}" read as "${deprecated}".`, at) };
  }
  return { note: note('auth-unknown', `Authentication "${value}" is not known; ignored.`, at) };
}
