// Microsoft Autodiscover "plain old XML" (POX), the Outlook 2006a response schema:
// Account/Action is settings, redirectAddr or redirectUrl; Protocol blocks of type
// IMAP, POP3 and SMTP become candidates. Exchange-only types are kept as notes.
import type { AuthMethod, Candidate, LintNote, Protocol, PublishedSecurity } from '../types.js';
import { escapeXml, findChild, findChildren, parseXml, readChildText, type XmlElement } from './xml.js';
import { findControlCharacter } from '../text/control-characters.js';
import {
  type AddressParts, checkPortSecurity, expandPlaceholders, isHostName, normalizeHostname, parseFlag, parsePort, refuseControlText,
} from './server-fields.js';
import type { ParseContext } from './client-config.js';
import { cappedNotes, capNotes, MAX_NOTES_PER_DOCUMENT, MAX_SERVERS_PER_PROTOCOL } from './caps.js';
import { note, type NoteCode } from '../notes.js';

export const AUTODISCOVER_REQUEST_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
export const AUTODISCOVER_RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/** One Protocol block as published (values kept as text). */
export interface AutodiscoverProtocol {
  type: string;
  server?: string;
  port?: string;
  ssl?: string;
  encryption?: string;
  spa?: string;
  loginName?: string;
  authRequired?: string;
  domainRequired?: string;
  domainName?: string;
  smtpLast?: string;
  at: string;
}

export type AutodiscoverResult =
  | { ok: true; kind: 'settings'; displayName?: string; protocols: AutodiscoverProtocol[]; candidates: Candidate[]; notes: LintNote[] }
  | { ok: true; kind: 'redirect-address'; address: string; notes: LintNote[] }
  | { ok: true; kind: 'redirect-url'; url: string; notes: LintNote[] }
  /** The server answered with an Autodiscover <Error> (e.g. 600 "Invalid Request"). */
  | { ok: true; kind: 'error'; errorCode?: string; message: string; notes: LintNote[] }
  | { ok: false; error: { code: string; message: string }; notes: LintNote[] };

const PROTOCOL_TYPES: Readonly<Record<string, Protocol>> = { IMAP: 'imap', POP3: 'pop3', SMTP: 'smtp' };
// Encryption (POX) values are None, SSL, TLS and Auto, as in Outlook's account dialog:
// "SSL" is TLS from the first byte, "TLS" is the STARTTLS upgrade (RFC 3207/2595), and
// "Auto" leaves the choice to the client. When present it overrides <SSL>.
const ENCRYPTION_VALUES: Readonly<Record<string, PublishedSecurity>> = { none: 'none', ssl: 'tls', tls: 'starttls', auto: 'unspecified' };
const PROTOCOL_LIMITS = { Protocol: 3 * MAX_SERVERS_PER_PROTOCOL };
const EMAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function buildAutodiscoverRequest(address: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Autodiscover xmlns="${AUTODISCOVER_REQUEST_SCHEMA}">`,
    '  <Request>',
    `    <EMailAddress>${escapeXml(address)}</EMailAddress>`,
    `    <AcceptableResponseSchema>${AUTODISCOVER_RESPONSE_SCHEMA}</AcceptableResponseSchema>`,
    '  </Request>',
    '</Autodiscover>',
    '',
  ].join('\n');
}

export function parseAutodiscover(xml: string, ctx: ParseContext): AutodiscoverResult {
  // Protocol blocks past the caps (three mail protocols' worth) are not even built.
  const parsed = parseXml(xml, { maxRepeats: PROTOCOL_LIMITS });
  if (!parsed.ok) return failWith(parsed.error.code, parsed.error.message, ctx);
  // Values with control or bidi characters are refused before anything reads them.
  const { root, notes: refused } = refuseControlText(parsed.root);
  if (root.name !== 'Autodiscover') return failWith('not-autodiscover', `The root element is <${root.name}>, not <Autodiscover>.`, ctx);
  const response = findChild(root, 'Response');
  if (response === undefined) return failWith('not-autodiscover', 'The document has no <Response>.', ctx);
  const account = findChild(response, 'Account');
  const error = findChild(response, 'Error') ?? findChild(account, 'Error');
  if (error !== undefined) return readError(error, refused);
  if (account === undefined) return failWith('not-autodiscover', 'The response has neither <Account> nor <Error>.', ctx, refused);

  const notes: LintNote[] = [...cappedNotes(parsed.dropped, PROTOCOL_LIMITS, 'Account'), ...refused];
  const accountType = readChildText(account, 'AccountType');
  if (accountType !== undefined && accountType.toLowerCase() !== 'email') {
    notes.push(note('account-type-unknown', `AccountType "${accountType}" (expected "email").`, 'Account/AccountType'));
  }
  const action = readChildText(account, 'Action')?.toLowerCase();
  if (action === 'redirectaddr') return readRedirectAddress(account, notes, ctx);
  if (action === 'redirecturl') return readRedirectUrl(account, notes, ctx);
  if (action !== 'settings') {
    notes.push(note('action-unknown', `Action "${action ?? ''}" is not settings, redirectAddr or redirectUrl; read as settings.`, 'Account/Action'));
  }
  const protocols = findChildren(account, 'Protocol').map((element, index) => readProtocol(element, `Account/Protocol[${index + 1}]`));
  const candidates = toCandidates(protocols, ctx, notes);
  return { ok: true, kind: 'settings', displayName: readChildText(findChild(response, 'User'), 'DisplayName'), protocols, candidates, notes: capNotes(notes, MAX_NOTES_PER_DOCUMENT, 'Account') };
}

function readProtocol(element: XmlElement, at: string): AutodiscoverProtocol {
  return {
    // Since Exchange 2013 SP1 a MAPI/HTTP block carries its type as an attribute instead.
    type: readChildText(element, 'Type') ?? element.attributes.Type ?? '',
    server: readChildText(element, 'Server'),
    port: readChildText(element, 'Port'),
    ssl: readChildText(element, 'SSL'),
    encryption: readChildText(element, 'Encryption'),
    spa: readChildText(element, 'SPA'),
    loginName: readChildText(element, 'LoginName'),
    authRequired: readChildText(element, 'AuthRequired'),
    domainRequired: readChildText(element, 'DomainRequired'),
    domainName: readChildText(element, 'DomainName'),
    smtpLast: readChildText(element, 'SMTPLast'),
    at,
  };
}

function toCandidates(protocols: AutodiscoverProtocol[], ctx: ParseContext, notes: LintNote[]): Candidate[] {
  const ranks: Partial<Record<Protocol, number>> = {};
  const candidates: Candidate[] = [];
  for (const block of protocols) {
    const protocol = PROTOCOL_TYPES[block.type.toUpperCase()];
    if (protocol === undefined) {
      notes.push(note('protocol-type-skipped', `Protocol type "${block.type}" (Exchange, web or other) is not IMAP, POP3 or SMTP; skipped.`, block.at));
      continue;
    }
    const host = block.server === undefined ? undefined : normalizeHostname(block.server);
    const port = parsePort(block.port);
    if (host === undefined || port === undefined) {
      notes.push(note(
        block.server !== undefined && host === undefined ? 'bad-hostname' : 'server-incomplete',
        `The ${block.type} block lacks a valid <Server> or <Port>; skipped.`,
        block.at,
      ));
      continue;
    }
    const blockNotes: LintNote[] = [];
    const security = readSecurity(block, blockNotes);
    blockNotes.push(...checkPortSecurity(protocol, port, security, block.at));
    const username = readUsername(block, ctx.address, blockNotes);
    notes.push(...blockNotes);
    const rank = ranks[protocol] ?? 0;
    ranks[protocol] = rank + 1;
    candidates.push({
      protocol,
      host,
      port,
      security,
      ...username,
      authMethods: readAuthMethods(block, protocol),
      source: ctx.source,
      evidence: ctx.evidence,
      trust: ctx.trust,
      rank,
      notes: blockNotes.length > 0 ? blockNotes : undefined,
    });
  }
  return candidates;
}

function readSecurity(block: AutodiscoverProtocol, notes: LintNote[]): PublishedSecurity {
  let security: PublishedSecurity;
  if (block.encryption !== undefined) {
    const mapped = ENCRYPTION_VALUES[block.encryption.toLowerCase()];
    security = mapped ?? 'unspecified';
    if (mapped === undefined || block.encryption.toLowerCase() === 'auto') {
      notes.push(note('encryption-unspecific', `Encryption "${block.encryption}" does not say TLS or STARTTLS; the probe decides.`, `${block.at}/Encryption`));
    }
  } else if (parseFlag(block.ssl) === false) {
    security = 'none';
  } else {
    // SSL defaults to "on", and "on" does not say whether TLS starts at once or by
    // STARTTLS. Thunderbird guesses from the port; we leave it to the probe.
    security = 'unspecified';
    notes.push(note('ssl-ambiguous', 'SSL "on" means TLS or STARTTLS; the probe decides.', `${block.at}/SSL`));
  }
  if (security === 'none') {
    // The endpoint is named in the words: the same note on two servers is two findings.
    notes.push(note('plain-socket', `No encryption on ${block.type} ${block.server ?? '?'}:${block.port ?? '?'}: the connection, and any password, would travel unencrypted.`, block.at));
  }
  return security;
}

function readUsername(block: AutodiscoverProtocol, address: AddressParts, notes: LintNote[]): Pick<Candidate, 'usernameTemplate'> {
  if (parseFlag(block.domainRequired) === true) {
    notes.push(note('domain-required', `The login needs a Windows domain${block.domainName ? ` ("${block.domainName}")` : ''}.`, `${block.at}/DomainRequired`));
  }
  if (block.loginName === undefined) return {};
  const expansion = expandPlaceholders(block.loginName, address);
  const username = expansion.broken ? block.loginName : expansion.value;
  // The template was checked at the door; the address it expands with comes from the caller.
  const bad = findControlCharacter(username);
  if (bad !== undefined) {
    notes.push(note('control-characters', 'The expanded login name holds a control or bidi character; left out.', `${block.at}/LoginName`));
    return {};
  }
  // Only the template goes on: a candidate may serve other addresses (the report expands it).
  return { usernameTemplate: block.loginName };
}

function readAuthMethods(block: AutodiscoverProtocol, protocol: Protocol): AuthMethod[] {
  if (parseFlag(block.authRequired) === false) return ['none'];
  // SPA (Secure Password Authentication) is Microsoft's name for NTLM. An absent SPA is
  // read as "off", as Thunderbird does: ISP responses that omit it expect a plain login.
  const methods: AuthMethod[] = parseFlag(block.spa) === true ? ['ntlm'] : ['password-cleartext'];
  // SMTPLast: mail must be fetched before sending, i.e. "POP before SMTP".
  if (protocol === 'smtp' && parseFlag(block.smtpLast) === true) methods.push('smtp-after-pop');
  return methods;
}

function readRedirectAddress(account: XmlElement, notes: LintNote[], ctx: ParseContext): AutodiscoverResult {
  const address = readChildText(account, 'RedirectAddr');
  if (address === undefined || !EMAIL_ADDRESS.test(address)) {
    return failWith('bad-redirect', `redirectAddr without a valid <RedirectAddr> ("${address ?? ''}").`, ctx, notes);
  }
  return { ok: true, kind: 'redirect-address', address, notes };
}

function readRedirectUrl(account: XmlElement, notes: LintNote[], ctx: ParseContext): AutodiscoverResult {
  const raw = readChildText(account, 'RedirectUrl');
  let url: URL | undefined;
  try {
    url = raw === undefined ? undefined : new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined) return failWith('bad-redirect', `redirectUrl without a valid <RedirectUrl> ("${raw ?? ''}").`, ctx, notes);
  // Redirects are followed over HTTPS only (DESIGN security rule 3; Guardicore 2021).
  if (url.protocol !== 'https:') return failWith('redirect-not-https', `RedirectUrl "${raw}" is not https; refused.`, ctx, notes);
  // The host goes on to DNS, TLS and the report: a DNS name or IP literal, nothing else.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!isHostName(host)) return failWith('bad-redirect', `RedirectUrl "${raw}" does not name a usable host; refused.`, ctx, notes);
  return { ok: true, kind: 'redirect-url', url: url.href, notes };
}

function readError(error: XmlElement, refused: LintNote[]): AutodiscoverResult {
  const errorCode = readChildText(error, 'ErrorCode');
  const message = readChildText(error, 'Message') ?? 'Autodiscover error without a message.';
  return {
    ok: true,
    kind: 'error',
    errorCode,
    message,
    notes: [...refused, note('autodiscover-error', `Autodiscover error ${errorCode ?? '?'}: ${message}`, 'Response/Error')],
  };
}

function failWith(code: NoteCode, message: string, ctx: ParseContext, notes: LintNote[] = []): AutodiscoverResult {
  return { ok: false, error: { code, message }, notes: [...notes, note(code, message, ctx.evidence)] };
}
