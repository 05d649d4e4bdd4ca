// Helpers every writer shares: picking endpoints under the plaintext rule, the detection
// comment, usernames and URL userinfo.
import { AutoconfError } from '../errors.js';
import { isHostName } from '../parse/server-fields.js';
import { describeCodePoint, findControlCharacter, replaceControlCharacters, showControlCharacters } from '../text/control-characters.js';
import type { Endpoint, Protocol } from '../types.js';
import type { WriterInput } from './types.js';

const SECURITY_LABEL: Record<Endpoint['security'], string> = { tls: 'TLS', starttls: 'STARTTLS', none: 'PLAINTEXT' };

/** Port 25 is for server-to-server relay (RFC 6409 §1): ISPs and clouds commonly block it for
 *  clients, so a config that works on one network fails on the next. */
const RELAY_PORT = 25;
export const PORT_25_WARNING =
  'WARNING: port 25 is the server-to-server relay port; many ISPs and clouds block it for apps. Use 587 or 465 if the provider offers them.';
export const INSECURE_WARNING =
  'WARNING: PLAINTEXT. This server offered no TLS: the password and every message cross the network unencrypted (written because allowInsecure was set).';

/** The endpoint for `protocol`, or undefined; a plaintext one throws unless allowInsecure. */
export function findEndpoint(input: WriterInput, protocol: Protocol): Endpoint | undefined {
  const endpoint = input.recommended[protocol];
  if (endpoint === undefined) return undefined;
  checkEndpoint(endpoint);
  if (endpoint.security === 'none' && input.allowInsecure !== true) {
    throw new AutoconfError(
      'WRITER_INSECURE',
      `${endpoint.host}:${endpoint.port} offers no TLS; refusing to write a plaintext config without allowInsecure.`,
    );
  }
  return endpoint;
}

/**
 * Hosts and ports are written bare into every format (and into comments), so they must be
 * what the door checks promise: a host name or IP literal, a port number. A library caller
 * that builds a recommendation by hand gets the same guarantee.
 */
function checkEndpoint(endpoint: Endpoint): void {
  if (!isHostName(endpoint.host)) {
    throw new AutoconfError('WRITER_UNSAFE_VALUE', `"${showControlCharacters(endpoint.host)}" is not a host name or IP address; nothing was written.`);
  }
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65_535) {
    throw new AutoconfError('WRITER_UNSAFE_VALUE', `${String(endpoint.port)} is not a port number; nothing was written.`);
  }
}

/** The typed refusal for a value a format cannot hold as the same value in every reader. */
export function unsafeValue(format: string, why: string): AutoconfError {
  // The value itself stays out of the message: it may be a password, or hold controls.
  return new AutoconfError('WRITER_UNSAFE_VALUE', `A value cannot be written safely in ${format}: ${why}. Nothing was written.`);
}

/** Refuse `value` when it holds a control, line-separator or bidi character (`allowed` aside). */
export function refuseControls(format: string, value: string, allowed?: RegExp): string {
  const bad = findControlCharacter(allowed === undefined ? value : value.replace(allowed, ''));
  if (bad !== undefined) throw unsafeValue(format, `it holds ${describeCodePoint(bad)}, a control or bidi character`);
  return value;
}

/**
 * A double-quoted string for languages whose escapes cover \\, \", \n, \r, \t and \uXXXX
 * (JavaScript, JSON, Python): every control, separator and bidi character is escaped, so the
 * source reads as what it holds (CVE-2021-42574) and no literal can be ended early.
 */
export function quoteCString(value: string): string {
  return escapeJsonInvisibles(JSON.stringify(value));
}

/**
 * JSON text (JSON.stringify output) with DEL, C1, separators and bidi characters as \uXXXX
 * too. JSON.stringify already escapes C0 inside strings, so a raw C0 here is layout (the
 * newlines of indented output) and stays.
 */
export function escapeJsonInvisibles(json: string): string {
  return replaceControlCharacters(json, (c) => (c < ' ' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export function requireEndpoint(input: WriterInput, protocol: Protocol): Endpoint {
  const endpoint = findEndpoint(input, protocol);
  if (endpoint === undefined) {
    throw new AutoconfError('WRITER_NO_ENDPOINT', `The recommendation has no ${protocol.toUpperCase()} endpoint.`);
  }
  return endpoint;
}

/** IMAP, else POP3: for targets that read mail with either. */
export function findIncoming(input: WriterInput): Endpoint | undefined {
  return findEndpoint(input, 'imap') ?? findEndpoint(input, 'pop3');
}

export function formatDate(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AutoconfError('WRITER_INVALID_INPUT', 'detectedAt is not a valid date.');
  }
  return date.toISOString().slice(0, 10);
}

/** "autoconf: smtp.example.com:587 STARTTLS (verified 2026-11-28)" — without the comment marker. */
export function describeDetection(input: WriterInput, endpoints: Array<Endpoint | undefined>): string {
  const present = endpoints.filter((endpoint): endpoint is Endpoint => endpoint !== undefined);
  const list = present.map((e) => `${e.host}:${e.port} ${SECURITY_LABEL[e.security]}`).join(', ');
  const verified = input.verified && present.every((endpoint) => endpoint.verified);
  const date = formatDate(input.detectedAt);
  return `autoconf: ${list} (${verified ? `verified ${date}` : `not verified by a probe, detected ${date}`})`;
}

export function isInsecure(...endpoints: Array<Endpoint | undefined>): boolean {
  return endpoints.some((endpoint) => endpoint?.security === 'none');
}

/** The CA file as it may go into a config or a comment: a line break in it would start a
 *  line of its own. */
export function caFileOf(input: WriterInput, format: string): string | undefined {
  return input.caFile === undefined ? undefined : refuseControls(format, input.caFile);
}

/** Comment lines (without markers) that open every generated file. `caSetting`: the setting
 *  of this format that carries input.caFile; without one, the comment asks for it. */
export function headerLines(input: WriterInput, endpoints: Array<Endpoint | undefined>, caSetting?: string): string[] {
  const lines = [describeDetection(input, endpoints)];
  if (isInsecure(...endpoints)) lines.push(INSECURE_WARNING);
  if (endpoints.some((endpoint) => endpoint?.protocol === 'smtp' && endpoint.port === RELAY_PORT)) lines.push(PORT_25_WARNING);
  const caFile = caFileOf(input, 'a comment');
  if (caFile !== undefined) {
    lines.push(caSetting === undefined
      ? `PRIVATE CA: the server's certificate was trusted through ${caFile} (--ca-file); configure this program to trust that CA too, or it will refuse the connection.`
      : `PRIVATE CA: ${caSetting} below trusts ${caFile} (--ca-file), as detection did.`);
  }
  return lines;
}

export function usernameOf(input: WriterInput, endpoint: Endpoint): string {
  return endpoint.username ?? input.address;
}

/** RFC 3986 §3.2.1 userinfo: everything outside unreserved is percent-encoded, `@` and `:` too. */
export function encodeUserinfo(user: string, password?: string): string {
  const encode = (value: string) => {
    // encodeURIComponent throws a URIError on a lone surrogate: that is a bad value, not a bug.
    if (/\p{Surrogate}/u.test(value)) throw unsafeValue('a URL', 'it holds a lone UTF-16 surrogate');
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  };
  return password === undefined ? encode(user) : `${encode(user)}:${encode(password)}`;
}

/** A host as it goes into a URL authority: IPv6 literals in brackets (RFC 3986 §3.2.2). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A short, config-safe account name from the address's domain. */
export function accountName(input: WriterInput): string {
  const domain = input.address.slice(input.address.lastIndexOf('@') + 1).toLowerCase();
  const name = domain.replace(/[^a-z0-9.-]/g, '-');
  return name === '' ? 'mail' : name;
}

export function prefixLines(lines: string[], marker: string): string[] {
  return lines.map((line) => `${marker} ${line}`);
}
