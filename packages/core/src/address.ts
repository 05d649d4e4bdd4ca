// Normalise an email address into the names the rest of the pipeline uses:
// the A-label domain for DNS and URLs, the U-label for display.
import { domainToASCII, domainToUnicode } from 'node:url';
import { AutoconfError } from './errors.js';

export interface ParsedAddress {
  /** As typed, trimmed of nothing: whitespace is an error, not something to repair. */
  input: string;
  /** Kept as typed: the local part is case-sensitive (RFC 5321 §2.4). */
  localPart: string;
  /** Lower-case A-label (punycode), for DNS and URLs. */
  domain: string;
  /** Lower-case U-label, for display. */
  domainUnicode: string;
  /** `localPart@domain` with the A-label domain. */
  address: string;
  /** `localPart@domainUnicode`. */
  addressUnicode: string;
  /** Labels mixing scripts (e.g. Latin with Cyrillic): a look-alike domain warning. */
  mixedScriptLabels: string[];
}

const MAX_LABEL_OCTETS = 63;
const MAX_NAME_OCTETS = 253;
// Whitespace, C0/C1 controls, DEL, and the Unicode line/paragraph separators.
const FORBIDDEN_CHARACTER = /[\s\p{Cc}\u2028\u2029]/u;
const IP_LITERAL = /^\[.*\]$|^\d{1,3}(\.\d{1,3}){3}$|:/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function parseAddress(input: string): ParsedAddress {
  if (input.length === 0) throw new AutoconfError('ADDRESS_EMPTY');
  if (FORBIDDEN_CHARACTER.test(input)) throw new AutoconfError('ADDRESS_INVALID_CHARACTER');
  // The last "@": a quoted local part may itself contain "@" (RFC 5321 §4.1.2).
  const at = input.lastIndexOf('@');
  if (at < 0) throw new AutoconfError('ADDRESS_NO_AT', `"${input}" has no "@"; expected user@domain.`);
  const localPart = input.slice(0, at);
  const rawDomain = input.slice(at + 1).replace(/\.$/, '');
  if (localPart.length === 0) throw new AutoconfError('ADDRESS_EMPTY_LOCAL');
  if (rawDomain.length === 0) throw new AutoconfError('ADDRESS_EMPTY_DOMAIN');
  checkLocalPart(localPart);
  if (IP_LITERAL.test(rawDomain)) {
    throw new AutoconfError('ADDRESS_IP_LITERAL', `"${rawDomain}" is an IP literal; use a domain name.`);
  }
  const domain = toALabel(rawDomain);
  const domainUnicode = domainToUnicode(domain) || domain;
  return {
    input,
    localPart,
    domain,
    domainUnicode,
    address: `${localPart}@${domain}`,
    addressUnicode: `${localPart}@${domainUnicode}`,
    mixedScriptLabels: domainUnicode.split('.').filter(isMixedScript),
  };
}

// RFC 5322 §3.2.3 atext, plus any non-ASCII character (RFC 6531 §3.3 UTF8-non-ascii);
// controls and whitespace were refused before this check.
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]$/u;

/** The local part is a dot-atom or a quoted string (RFC 5322 §3.4.1); the obsolete forms
 *  (quoted words joined by dots, §4.4) are refused, as RFC 5321 §4.1.2 asks of senders. */
function checkLocalPart(local: string): void {
  if (local.startsWith('"')) {
    checkQuotedString(local);
    return;
  }
  if (local.includes('"')) {
    throw new AutoconfError('ADDRESS_LOCAL_QUOTE', `The part before "@" (${local}) has a quote inside it; quotes may only enclose the whole of it.`);
  }
  if (local.includes('@')) {
    throw new AutoconfError('ADDRESS_LOCAL_AT', `The part before "@" (${local}) contains "@" outside quotes: was "@" typed twice?`);
  }
  if (local.startsWith('.')) throw new AutoconfError('ADDRESS_LOCAL_DOT', `The part before "@" (${local}) starts with a dot.`);
  if (local.endsWith('.')) throw new AutoconfError('ADDRESS_LOCAL_DOT', `The part before "@" (${local}) ends with a dot.`);
  if (local.includes('..')) throw new AutoconfError('ADDRESS_LOCAL_DOT', `The part before "@" (${local}) has two dots in a row.`);
  for (const char of local) {
    if (char !== '.' && !ATEXT.test(char)) {
      throw new AutoconfError('ADDRESS_INVALID_LOCAL', `The part before "@" (${local}) contains "${char}", which is allowed only inside quotes.`);
    }
  }
}

/** `"…"` with qtext and quoted pairs (RFC 5322 §3.2.4); whitespace was refused before. */
function checkQuotedString(local: string): void {
  let index = 1;
  for (; index < local.length; index++) {
    const char = local[index];
    if (char === '\\') index++;
    else if (char === '"') break;
  }
  if (index >= local.length) {
    throw new AutoconfError('ADDRESS_LOCAL_QUOTE', `The part before "@" (${local}) opens a quote that is never closed.`);
  }
  if (index !== local.length - 1) {
    throw new AutoconfError('ADDRESS_LOCAL_QUOTE', `The part before "@" (${local}) has text after its closing quote; quotes may only enclose the whole of it.`);
  }
}

function toALabel(rawDomain: string): string {
  for (const label of rawDomain.split('.')) {
    if (label.length === 0) throw new AutoconfError('ADDRESS_INVALID_DOMAIN', `"${rawDomain}" has an empty label.`);
  }
  const ascii = domainToASCII(rawDomain.toLowerCase());
  if (ascii === '') {
    throw new AutoconfError('ADDRESS_INVALID_IDNA', `"${rawDomain}" is not a valid internationalised domain name.`);
  }
  const labels = ascii.split('.');
  for (const label of labels) {
    if (label.length > MAX_LABEL_OCTETS) {
      throw new AutoconfError('ADDRESS_LABEL_TOO_LONG', `The label "${label.slice(0, 20)}…" is ${label.length} octets; at most 63 are allowed.`);
    }
    if (!LDH_LABEL.test(label)) {
      throw new AutoconfError('ADDRESS_INVALID_DOMAIN', `"${label}" is not a valid host name label.`);
    }
  }
  if (ascii.length > MAX_NAME_OCTETS) {
    throw new AutoconfError('ADDRESS_NAME_TOO_LONG', `The domain is ${ascii.length} octets; at most 253 are allowed.`);
  }
  if (labels.length < 2) {
    throw new AutoconfError('ADDRESS_INVALID_DOMAIN', `"${rawDomain}" has no dot; expected a domain such as example.com.`);
  }
  return ascii;
}

const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari', 'Georgian', 'Cherokee'] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => new RegExp(`\\p{Script=${script}}`, 'u'));

/** Letters from more than one script in one label, the usual homograph trick.
 *  Han with Hiragana/Katakana is normal Japanese and is not flagged. */
function isMixedScript(label: string): boolean {
  const found = new Set<string>();
  for (const char of label) {
    const index = SCRIPT_PATTERNS.findIndex((pattern) => pattern.test(char));
    const script = SCRIPTS[index];
    if (script !== undefined) found.add(script === 'Hiragana' || script === 'Katakana' ? 'Han' : script);
  }
  return found.size > 1;
}

const PLACEHOLDER = /%EMAILADDRESS%|%EMAILLOCALPART%|%EMAILDOMAIN%/g;
// What is left after expansion that still looks like a placeholder: "%EMAILADDRESS" (no
// closing %, as in ISPDB office365.com) or an unknown "%NAME%".
const BROKEN_PLACEHOLDER = /%EMAIL[A-Z]*%?|%[A-Z][A-Z_]*%/;

export interface Expansion {
  value: string;
  /** The template holds something that looks like a placeholder but is not one we know. */
  broken: boolean;
}

/** The one username/host template expander. One pass: a local part that itself reads
 *  "%EMAILDOMAIN%" is inserted as text, never expanded again. */
export function expandPlaceholders(template: string, parts: Pick<ParsedAddress, 'address' | 'localPart' | 'domain'>): Expansion {
  const value = template.replace(PLACEHOLDER, (token) => {
    if (token === '%EMAILADDRESS%') return parts.address;
    if (token === '%EMAILLOCALPART%') return parts.localPart;
    return parts.domain;
  });
  const rest = template.replace(PLACEHOLDER, '');
  return { value, broken: BROKEN_PLACEHOLDER.test(rest) };
}

/** A username for this address; a broken template stays as published (guessing what was
 *  meant could send a wrong login). */
export function expandUsername(template: string, parts: Pick<ParsedAddress, 'address' | 'localPart' | 'domain'>): string {
  const expansion = expandPlaceholders(template, parts);
  return expansion.broken ? template : expansion.value;
}

// Facts gathered for one address are kept in template form, so that a detection shared by
// every address of a domain (createDetector) carries nobody's address: the address is
// replaced where it enters (what a source asked, what a server echoed) and put back once, for
// the address a report serves. In a URL the address travels percent-encoded, and there the
// placeholder is percent-encoded too, so each spelling comes back as it was sent.
const ADDRESS_TOKEN = '%EMAILADDRESS%';
const ENCODED_ADDRESS_TOKEN = encodeURIComponent(ADDRESS_TOKEN);
const ADDRESS_TOKENS = /%25EMAILADDRESS%25|%EMAILADDRESS%/g;

type AddressSpellings = Pick<ParsedAddress, 'input' | 'address' | 'addressUnicode'>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The spellings of an address and what each becomes, longest first so that "a%40b" is not
// read as the raw address with a stray prefix. Domains and percent-escapes match in any case.
type AddressPattern = { pattern: RegExp; tokenOf(match: string): string };

// Built once per address spelling set: a detection templates every request, evidence line and
// note with the same address, and building the pattern is the costly part (a profile showed
// ~5 ms per detection). Bounded: a batch run sees at most as many addresses as it is given.
const PATTERNS = new Map<string, AddressPattern>();
const MAX_PATTERNS = 1_000;

function addressPattern(parts: AddressSpellings): AddressPattern {
  const key = `${parts.input}\n${parts.address}\n${parts.addressUnicode}`;
  const cached = PATTERNS.get(key);
  if (cached !== undefined) return cached;
  if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.clear();
  const built = buildAddressPattern(parts);
  PATTERNS.set(key, built);
  return built;
}

function buildAddressPattern(parts: AddressSpellings): AddressPattern {
  const raw = new Set([parts.input, parts.address, parts.addressUnicode].filter((form) => form.length > 0));
  const encoded = new Set<string>();
  for (const form of raw) {
    encoded.add(encodeURIComponent(form));
    // application/x-www-form-urlencoded (URLSearchParams) escapes ! ' ( ) ~ as well.
    encoded.add(new URLSearchParams({ a: form }).toString().slice(2));
  }
  const lowerEncoded = new Set([...encoded].map((form) => form.toLowerCase()));
  const forms = [...new Set([...raw, ...encoded])].sort((a, b) => b.length - a.length);
  return {
    pattern: new RegExp(forms.map(escapeRegExp).join('|'), 'gi'),
    // A raw form that happens to equal an encoded one has no "%": the raw token is right for it.
    tokenOf: (match) => (match.includes('%') && lowerEncoded.has(match.toLowerCase()) ? ENCODED_ADDRESS_TOKEN : ADDRESS_TOKEN),
  };
}

/** `text` with every spelling of the address replaced by its placeholder: `%EMAILADDRESS%`,
 *  or `%25EMAILADDRESS%25` where the address was percent-encoded (a URL). */
export function templateText(text: string, parts: AddressSpellings): string {
  const { pattern, tokenOf } = addressPattern(parts);
  return text.replace(pattern, tokenOf);
}

/** A username as a template: the address in it becomes `%EMAILADDRESS%`, and a username that
 *  is the local part and nothing else (a server echoing what it was asked) `%EMAILLOCALPART%`. */
export function templateUsername(username: string, parts: AddressSpellings & Pick<ParsedAddress, 'localPart'>): string {
  if (username.toLowerCase() === parts.localPart.toLowerCase() && parts.localPart.length > 0) return '%EMAILLOCALPART%';
  return templateText(username, parts);
}

/** The inverse of `templateText`, for the address a report serves. One pass: an address that
 *  itself reads "%EMAILADDRESS%" is inserted as text, never expanded again. */
export function expandText(text: string, parts: Pick<ParsedAddress, 'address'>): string {
  return text.replace(ADDRESS_TOKENS, (token) => (token === ENCODED_ADDRESS_TOKEN ? encodeURIComponent(parts.address) : parts.address));
}
