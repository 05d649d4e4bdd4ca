// The SMTP dialect: a 220 greeting, EHLO for capabilities, STARTTLS answered 220, QUIT
// (RFC 5321, RFC 3207). Never AUTH: a probe sends no credential.
import { isIP } from 'node:net';
import type { Network } from '../net/types.js';
import { ProbeFailure } from './failure.js';
import { probeDialogue, type Dialect } from './negotiate.js';
import { runProbe } from './run-probe.js';
import type { Session, WaitKind } from './session.js';
import type { ProbeRequest, ProbeResult, SmtpExtensions } from './types.js';

export interface SmtpReply {
  code: number;
  lines: string[];
}

// RFC 5321 §4.2: "ddd-text" continues a reply, "ddd text" (or a bare "ddd") ends it.
const REPLY_LINE = /^(\d{3})(?:([ -])(.*))?$/;

export async function readSmtpReply(session: Session, kind: WaitKind): Promise<SmtpReply> {
  const lines = await session.readReply(kind, (line) => {
    const match = REPLY_LINE.exec(line);
    if (!match) throw new ProbeFailure('protocol-error', `not an SMTP reply: ${line.slice(0, 80)}`);
    return match[2] !== '-';
  });
  const last = lines[lines.length - 1] ?? '';
  return { code: Number(last.slice(0, 3)), lines: lines.map((line) => line.slice(4)) };
}

/** RFC 5321 §4.1.3: without a name of our own, an address literal of our side. */
export function defaultEhloName(localAddress: string | undefined): string {
  const address = (localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '');
  return isIP(address) === 6 ? `[IPv6:${address}]` : `[${address}]`;
}

/** EHLO keywords with their parameters, as sent, without the first (greeting) line. */
export function parseEhloKeywords(reply: SmtpReply): string[] {
  return reply.lines.slice(1).map((line) => line.trim()).filter(Boolean);
}

export function parseSmtpAuth(keywords: string[]): string[] {
  const mechanisms = new Set<string>();
  for (const keyword of keywords) {
    // "AUTH=PLAIN LOGIN" is the pre-standard form some servers still send.
    const match = /^AUTH[ =](.*)$/i.exec(keyword);
    for (const name of match?.[1]?.split(/\s+/) ?? []) if (name) mechanisms.add(name.toUpperCase());
  }
  return [...mechanisms];
}

export function parseSmtpExtensions(keywords: string[]): SmtpExtensions {
  const names = new Map(keywords.map((keyword) => {
    const [name = '', ...params] = keyword.split(/\s+/);
    return [name.toUpperCase(), params.join(' ')] as const;
  }));
  const size = names.get('SIZE');
  const sizeValue = Number(size);
  return {
    protocol: 'smtp',
    ...(size !== undefined ? { size: Number.isSafeInteger(sizeValue) ? sizeValue : 0 } : {}),
    pipelining: names.has('PIPELINING'),
    eightBitMime: names.has('8BITMIME'),
    smtpUtf8: names.has('SMTPUTF8'),
    requireTls: names.has('REQUIRETLS'),
    dsn: names.has('DSN'),
    chunking: names.has('CHUNKING'),
    enhancedStatusCodes: names.has('ENHANCEDSTATUSCODES'),
  };
}

export function hasKeyword(keywords: string[], name: string): boolean {
  return keywords.some((keyword) => keyword.split(/\s+/)[0]?.toUpperCase() === name);
}

interface SmtpConversation {
  ehloName: string;
}

async function ehlo(session: Session, name: string): Promise<string[]> {
  session.send(`EHLO ${name}`);
  const reply = await readSmtpReply(session, 'step');
  if (reply.code !== 250) {
    session.send('QUIT');
    throw new ProbeFailure(reply.code >= 400 ? 'rejected' : 'protocol-error', `EHLO answered ${reply.code} ${reply.lines.join(' ')}`);
  }
  return parseEhloKeywords(reply);
}

export const smtpDialect: Dialect<SmtpConversation> = {
  async greet(session, draft, request) {
    const greeting = await readSmtpReply(session, 'greeting');
    draft.greeting = greeting.lines.join('\n');
    if (greeting.code !== 220) {
      // RFC 5321 §3.1: after a 554 (or 421) greeting the client should QUIT.
      session.send('QUIT');
      throw new ProbeFailure(greeting.code >= 400 ? 'rejected' : 'protocol-error', `greeting ${greeting.code} ${draft.greeting}`);
    }
    return { conversation: { ehloName: request.ehloName ?? defaultEhloName(session.localAddress) } };
  },
  // RFC 5321 §4.1.4 and RFC 3207 §4.2: EHLO both opens the session and re-opens it after TLS.
  readCapabilities: (session, { ehloName }) => ehlo(session, ehloName),
  parseAuth: parseSmtpAuth,
  offersStartTls: (keywords) => hasKeyword(keywords, 'STARTTLS'),
  mayStartTls: () => true,
  async requestStartTls(session) {
    // RFC 3207 §4: 220 means "go ahead"; 454 and 501 leave the session in cleartext.
    session.send('STARTTLS');
    const reply = await readSmtpReply(session, 'step');
    return { accepted: reply.code === 220, reply: `${reply.code} ${reply.lines[0] ?? ''}`.trim() };
  },
  extensions: (keywords) => parseSmtpExtensions(keywords ?? []),
  async quit(session) {
    session.send('QUIT');
    // The facts are complete by now: a missing 221 changes nothing.
    await readSmtpReply(session, 'step').catch(() => undefined);
  },
};

export function probeSmtp(network: Network, request: Omit<ProbeRequest, 'protocol'>): Promise<ProbeResult> {
  return runProbe(network, { ...request, protocol: 'smtp' }, probeDialogue(smtpDialect));
}
