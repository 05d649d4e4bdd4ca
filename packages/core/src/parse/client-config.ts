// The clientConfig v1.1 format (Thunderbird ISPDB and autoconfig servers), read leniently:
// unknown elements are ignored, every deviation becomes a lint note, and every
// imap/pop3/smtp server becomes a candidate or a note saying why not
// (draft-ietf-mailmaint-autoconfig, "Parsing"; research (e) for what the ISPDB holds).
import type { AuthMethod, Candidate, LintNote, Protocol, PublishedSecurity, SourceName, Trust } from '../types.js';
import { cappedNotes, capNotes, MAX_NOTES_PER_DOCUMENT, MAX_NOTES_PER_SERVER, MAX_SERVERS_PER_PROTOCOL } from './caps.js';
import { findChild, findChildren, parseXml, readChildText, type XmlElement } from './xml.js';
import {
  type AddressParts, checkPortSecurity, expandPlaceholders, mapAuthentication, normalizeHostname, parseFlag, parsePort, refuseControlText,
} from './server-fields.js';
import { note, type NoteCode } from '../notes.js';

export interface ParseContext {
  address: AddressParts;
  source: SourceName;
  evidence: string;
  trust: Trust;
}

export interface LocalizedText {
  lang?: string;
  text: string;
}

export interface ClientConfigServer {
  direction: 'incoming' | 'outgoing';
  /** As published, lower-case: imap, pop3, smtp, ews, owa, graph, exchange… */
  type: string;
  hostnameTemplate?: string;
  /** Placeholders expanded, A-label; undefined when missing or not a host name. */
  hostname?: string;
  port?: number;
  /** As published: SSL, STARTTLS, plain. */
  socketType?: string;
  security: PublishedSecurity;
  usernameTemplate?: string;
  username?: string;
  /** As published, in order. */
  authentication: string[];
  authMethods: AuthMethod[];
  pop3?: { leaveMessagesOnServer?: boolean; downloadOnBiff?: boolean; daysToLeaveMessagesOnServer?: number; checkIntervalMinutes?: number };
  /** url, owaURL, ewsURL, easURL, exchangeURL as published. */
  urls: Record<string, string>;
  addThisServer?: boolean;
  useGlobalPreferredServer?: boolean;
  restrictions: string[];
  at: string;
}

export interface ClientConfig {
  providerId?: string;
  displayName?: string;
  displayShortName?: string;
  domains: string[];
  incoming: ClientConfigServer[];
  outgoing: ClientConfigServer[];
  documentation: { url?: string; descriptions: LocalizedText[] }[];
  instructions: { url?: string; descriptions: LocalizedText[] }[];
  /** "Enable IMAP/POP first" steps, inside or outside emailProvider. */
  enable: { visitUrl?: string; instructions: LocalizedText[] }[];
  oAuth2?: { issuer?: string; scope?: string; authUrl?: string; tokenUrl?: string; clientId?: string; clientSecret?: string };
  webMail?: {
    loginPageUrl?: string;
    loginPageInfo?: { url?: string; username?: string; usernameField?: Record<string, string>; passwordField?: Record<string, string>; loginButton?: Record<string, string> };
  };
}

export type ParseClientConfigResult =
  | { ok: true; config: ClientConfig; candidates: Candidate[]; notes: LintNote[] }
  | { ok: false; error: { code: string; message: string }; notes: LintNote[] };

const SUPPORTED_VERSION = '1.1';
const SOCKET_TYPES: Readonly<Record<string, PublishedSecurity>> = { ssl: 'tls', starttls: 'starttls', plain: 'none' };
const CANDIDATE_TYPES: Readonly<Record<ClientConfigServer['direction'], readonly Protocol[]>> = {
  incoming: ['imap', 'pop3'],
  outgoing: ['smtp'],
};
const URL_ELEMENTS = ['url', 'owaURL', 'ewsURL', 'easURL', 'exchangeURL'];
// Incoming servers carry two protocols (IMAP, POP3), outgoing one (SMTP submission).
const SERVER_LIMITS = { incomingServer: 2 * MAX_SERVERS_PER_PROTOCOL, outgoingServer: MAX_SERVERS_PER_PROTOCOL };

export function parseClientConfig(xml: string, ctx: ParseContext): ParseClientConfigResult {
  // Servers past the caps are not even built.
  const parsed = parseXml(xml, { maxRepeats: SERVER_LIMITS });
  if (!parsed.ok) {
    return failWith(parsed.error.code, parsed.error.message, ctx);
  }
  // Values with control or bidi characters are refused before anything reads them.
  const { root, notes: refused } = refuseControlText(parsed.root);
  if (root.name !== 'clientConfig') {
    return failWith('not-client-config', `The root element is <${root.name}>, not <clientConfig>.`, ctx);
  }
  const providers = findChildren(root, 'emailProvider');
  const provider = providers[0];
  if (provider === undefined) return failWith('no-email-provider', 'The document has no <emailProvider>.', ctx);

  const notes: LintNote[] = [...cappedNotes(parsed.dropped, SERVER_LIMITS, 'clientConfig/emailProvider'), ...refused];
  const version = root.attributes.version;
  if (version !== SUPPORTED_VERSION) {
    notes.push(note('version-unknown', `clientConfig version "${version ?? ''}" (expected ${SUPPORTED_VERSION}); read as 1.1.`, 'clientConfig'));
  }
  if (providers.length > 1) {
    notes.push(note('multiple-providers', `${providers.length} <emailProvider> elements; only the first is read.`, 'clientConfig'));
  }
  // Each server's own notes, kept apart as they are made: finding them again in the whole
  // document's list would cost servers × notes.
  const serverNotes = new Map<ClientConfigServer, LintNote[]>();
  const config = readProvider(root, provider, ctx.address, notes, serverNotes);
  const candidates = [
    ...toCandidates(config.incoming, ctx, notes, serverNotes),
    ...toCandidates(config.outgoing, ctx, notes, serverNotes),
  ];
  return { ok: true, config, candidates, notes: capNotes(notes, MAX_NOTES_PER_DOCUMENT, 'clientConfig') };
}

function readProvider(
  root: XmlElement,
  provider: XmlElement,
  address: AddressParts,
  notes: LintNote[],
  serverNotes: Map<ClientConfigServer, LintNote[]>,
): ClientConfig {
  const base = 'clientConfig/emailProvider';
  let displayShortName = readChildText(provider, 'displayShortName');
  if (displayShortName === undefined && readChildText(provider, 'displayNameShort') !== undefined) {
    displayShortName = readChildText(provider, 'displayNameShort');
    notes.push(note('misspelled-element', '<displayNameShort> read as <displayShortName>.', `${base}/displayNameShort`));
  }
  const readServers = (direction: ClientConfigServer['direction']) =>
    findChildren(provider, `${direction}Server`).map((element, index) => {
      const own: LintNote[] = [];
      const server = readServer(element, direction, `${base}/${direction}Server[${index + 1}]`, address, own);
      notes.push(...own);
      serverNotes.set(server, own);
      return server;
    });
  const config: ClientConfig = {
    providerId: provider.attributes.id || undefined,
    displayName: readChildText(provider, 'displayName'),
    displayShortName,
    domains: findChildren(provider, 'domain').map((domain) => domain.text.toLowerCase()).filter((domain) => domain !== ''),
    incoming: readServers('incoming'),
    outgoing: readServers('outgoing'),
    documentation: findChildren(provider, 'documentation').map(readDescribedLink),
    instructions: findChildren(provider, 'instruction').map(readDescribedLink),
    enable: [...findChildren(provider, 'enable'), ...findChildren(root, 'enable')].map((element) => ({
      visitUrl: element.attributes.visiturl || undefined,
      instructions: findChildren(element, 'instruction').map(readLocalized),
    })),
    oAuth2: readOAuth2(findChild(root, 'oAuth2') ?? findChild(provider, 'oAuth2')),
    webMail: readWebMail(findChild(root, 'webMail') ?? findChild(provider, 'webMail'), address),
  };
  for (const step of config.enable) {
    const what = step.instructions.find((text) => text.lang === undefined || text.lang === 'en')?.text ?? step.instructions[0]?.text;
    notes.push(note(
      'enable-first',
      `The provider says access must be enabled first${what ? `: ${what}` : ''}${step.visitUrl ? ` (${step.visitUrl})` : ''}.`,
      step.visitUrl ?? 'enable',
    ));
  }
  return config;
}

function readServer(
  element: XmlElement,
  direction: ClientConfigServer['direction'],
  at: string,
  address: AddressParts,
  notes: LintNote[],
): ClientConfigServer {
  const hostnameTemplate = readChildText(element, 'hostname');
  // A host is the domain's, never one user's (one detection serves every address of a domain):
  // only %EMAILDOMAIN% is expanded in it, and a host naming the local part is not a host name.
  const domainOnly = { domain: address.domain, localPart: '%EMAILLOCALPART%', address: '%EMAILADDRESS%' };
  const hostname = hostnameTemplate === undefined ? undefined : normalizeHostname(expandPlaceholders(hostnameTemplate, domainOnly).value);
  const socketType = readChildText(element, 'socketType');
  const usernameTemplate = readChildText(element, 'username');
  let username: string | undefined;
  if (usernameTemplate !== undefined) {
    const expansion = expandPlaceholders(usernameTemplate, address);
    // A broken template stays as published: guessing what was meant could send a wrong login.
    username = expansion.broken ? usernameTemplate : expansion.value;
    if (expansion.broken) {
      notes.push(note('broken-placeholder', `The username "${usernameTemplate}" holds an unknown or unterminated placeholder; left as published.`, `${at}/username`));
    }
  }
  const authentication: string[] = [];
  const authMethods: AuthMethod[] = [];
  findChildren(element, 'authentication').forEach((auth, index) => {
    if (auth.text === '') return;
    authentication.push(auth.text);
    const mapped = mapAuthentication(auth.text, auth.attributes.system, `${at}/authentication[${index + 1}]`);
    if (mapped.note) notes.push(mapped.note);
    if (mapped.method !== undefined && !authMethods.includes(mapped.method)) authMethods.push(mapped.method);
  });
  const urls = Object.fromEntries(
    URL_ELEMENTS.flatMap((name) => {
      const value = readChildText(element, name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  return {
    direction,
    type: (element.attributes.type ?? '').toLowerCase(),
    hostnameTemplate,
    hostname,
    port: parsePort(readChildText(element, 'port')),
    socketType,
    security: socketType === undefined ? 'unspecified' : (SOCKET_TYPES[socketType.toLowerCase()] ?? 'unspecified'),
    usernameTemplate,
    username,
    authentication,
    authMethods,
    pop3: readPop3(findChild(element, 'pop3')),
    urls,
    addThisServer: parseFlag(readChildText(element, 'addThisServer')),
    useGlobalPreferredServer: parseFlag(readChildText(element, 'useGlobalPreferredServer')),
    restrictions: findChildren(element, 'restriction').map((restriction) => restriction.text).filter((value) => value !== ''),
    at,
  };
}

function toCandidates(servers: ClientConfigServer[], ctx: ParseContext, notes: LintNote[], serverNotes: Map<ClientConfigServer, LintNote[]>): Candidate[] {
  const ranks: Partial<Record<Protocol, number>> = {};
  const candidates: Candidate[] = [];
  for (const server of servers) {
    const protocol = CANDIDATE_TYPES[server.direction].find((type) => type === server.type);
    if (protocol === undefined) {
      notes.push(note('server-type-skipped', `A ${server.direction} server of type "${server.type}" is not IMAP, POP3 or SMTP submission; skipped.`, server.at));
      continue;
    }
    const checked = checkServer(server, protocol);
    notes.push(...checked);
    if (server.hostname === undefined || server.port === undefined) continue;
    // Every note about this server, including those found while reading it (auth, username).
    const own = capNotes([...(serverNotes.get(server) ?? []), ...checked], MAX_NOTES_PER_SERVER, server.at);
    const rank = ranks[protocol] ?? 0;
    ranks[protocol] = rank + 1;
    candidates.push({
      protocol,
      host: server.hostname,
      port: server.port,
      security: server.security,
      // The template only: a candidate may serve other addresses (the report expands it).
      usernameTemplate: server.usernameTemplate,
      authMethods: server.authMethods,
      source: ctx.source,
      evidence: ctx.evidence,
      trust: ctx.trust,
      rank,
      notes: own.length > 0 ? own : undefined,
    });
  }
  return candidates;
}

/** Notes about one imap/pop3/smtp server; a missing host or port means no candidate. */
function checkServer(server: ClientConfigServer, protocol: Protocol): LintNote[] {
  const notes: LintNote[] = [];
  const at = server.at;
  if (server.hostnameTemplate === undefined || server.hostname === undefined) {
    notes.push(note(
      server.hostnameTemplate === undefined ? 'server-incomplete' : 'bad-hostname',
      server.hostnameTemplate === undefined ? 'The server has no <hostname>; skipped.' : `"${server.hostnameTemplate}" is not a host name; skipped.`,
      `${at}/hostname`,
    ));
  }
  if (server.port === undefined) {
    notes.push(note('server-incomplete', 'The server has no valid <port>; skipped.', `${at}/port`));
  }
  if (server.security === 'none') {
    // The endpoint is named in the words: the same note on two servers is two findings.
    notes.push(note('plain-socket', `socketType "plain" on ${protocol.toUpperCase()} ${server.hostname ?? server.hostnameTemplate ?? '?'}:${server.port ?? '?'}: the connection, and any password, would travel unencrypted.`, `${at}/socketType`));
  } else if (server.security === 'unspecified') {
    notes.push(note('socket-type-unknown', `socketType "${server.socketType ?? ''}" is not SSL, STARTTLS or plain; the probe decides.`, `${at}/socketType`));
  }
  if (server.port !== undefined) notes.push(...checkPortSecurity(protocol, server.port, server.security, at));
  if (server.authentication.length === 0) {
    notes.push(note('auth-missing', 'The server lists no <authentication>.', at));
  }
  for (const restriction of server.restrictions) {
    notes.push(note('server-restriction', `Restricted to "${restriction}": the server may only accept clients on the provider's own network.`, `${at}/restriction`));
  }
  return notes;
}

function readPop3(element: XmlElement | undefined): ClientConfigServer['pop3'] {
  if (element === undefined) return undefined;
  const days = readChildText(element, 'daysToLeaveMessagesOnServer');
  const minutes = findChild(element, 'checkInterval')?.attributes.minutes;
  return {
    leaveMessagesOnServer: parseFlag(readChildText(element, 'leaveMessagesOnServer')),
    downloadOnBiff: parseFlag(readChildText(element, 'downloadOnBiff')),
    daysToLeaveMessagesOnServer: days !== undefined && /^\d+$/.test(days) ? Number(days) : undefined,
    checkIntervalMinutes: minutes !== undefined && /^\d+$/.test(minutes) ? Number(minutes) : undefined,
  };
}

function readOAuth2(element: XmlElement | undefined): ClientConfig['oAuth2'] {
  if (element === undefined) return undefined;
  return {
    issuer: readChildText(element, 'issuer'),
    scope: readChildText(element, 'scope'),
    authUrl: readChildText(element, 'authURL'),
    tokenUrl: readChildText(element, 'tokenURL'),
    clientId: readChildText(element, 'clientID'),
    clientSecret: readChildText(element, 'clientSecret'),
  };
}

function readWebMail(element: XmlElement | undefined, address: AddressParts): ClientConfig['webMail'] {
  if (element === undefined) return undefined;
  const expand = (value: string | undefined) => (value === undefined ? undefined : expandPlaceholders(value, address).value);
  const info = findChild(element, 'loginPageInfo');
  return {
    loginPageUrl: expand(findChild(element, 'loginPage')?.attributes.url),
    loginPageInfo: info && {
      url: expand(info.attributes.url),
      username: readChildText(info, 'username'),
      usernameField: findChild(info, 'usernameField')?.attributes,
      passwordField: findChild(info, 'passwordField')?.attributes,
      loginButton: findChild(info, 'loginButton')?.attributes,
    },
  };
}

function readDescribedLink(element: XmlElement): { url?: string; descriptions: LocalizedText[] } {
  return { url: element.attributes.url || undefined, descriptions: findChildren(element, 'descr').map(readLocalized) };
}

function readLocalized(element: XmlElement): LocalizedText {
  return element.attributes.lang ? { lang: element.attributes.lang, text: element.text } : { text: element.text };
}

function failWith(code: NoteCode, message: string, ctx: ParseContext): ParseClientConfigResult {
  return { ok: false, error: { code, message }, notes: [note(code, message, ctx.evidence)] };
}
