// SMTP probe: greeting, EHLO, STARTTLS when offered or expected, EHLO again, QUIT.
// Never AUTH: a probe sends no credential.
import { isIP } from 'node:net';
import type { Network } from '../net/types.js';
import { ProbeFailure } from './failure.js';
import { runProbe, type ProbeDraft, type ResolvedProbeRequest } from './run-probe.js';
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

/** Greeting and EHLO, shared with verifyLogin. Throws `rejected` on a 4xx/5xx greeting. */
export async function greetSmtp(session: Session, draft: Pick<ProbeDraft, 'greeting'>, ehloName: string | undefined): Promise<string[]> {
  const greeting = await readSmtpReply(session, 'greeting');
  draft.greeting = greeting.lines.join('\n');
  if (greeting.code !== 220) {
    // RFC 5321 §3.1: after a 554 (or 421) greeting the client should QUIT.
    session.send('QUIT');
    throw new ProbeFailure(greeting.code >= 400 ? 'rejected' : 'protocol-error', `greeting ${greeting.code} ${draft.greeting}`);
  }
  return ehlo(session, ehloName ?? defaultEhloName(session.localAddress));
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

export async function quitSmtp(session: Session): Promise<void> {
  session.send('QUIT');
  // The facts are complete by now: a missing 221 changes nothing.
  await readSmtpReply(session, 'step').catch(() => undefined);
}

/** Everything up to (and including) the EHLO after STARTTLS; returns the keywords in force. */
export async function negotiateSmtp(session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network): Promise<string[]> {
  const name = request.ehloName ?? defaultEhloName(session.localAddress);
  let keywords = await greetSmtp(session, draft, name);
  if (session.security === 'tls') {
    draft.capabilitiesAfterTls = keywords;
    draft.authAfterTls = parseSmtpAuth(keywords);
  } else {
    draft.capabilitiesBeforeTls = keywords;
    draft.authBeforeTls = parseSmtpAuth(keywords);
    const offered = hasKeyword(keywords, 'STARTTLS');
    draft.starttls = { offered, attempted: false, succeeded: false };
    // Asked for STARTTLS but not offered: try anyway, the reply is evidence (stripping or not).
    if (request.security === 'starttls' || (request.security === 'unknown' && offered)) {
      session.send('STARTTLS');
      const reply = await readSmtpReply(session, 'step');
      draft.starttls = { offered, attempted: true, succeeded: false, reply: `${reply.code} ${reply.lines[0] ?? ''}`.trim() };
      if (reply.code === 220) {
        await session.startTls(network, 'starttls');
        draft.starttls.succeeded = true;
        // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
        keywords = await ehlo(session, name);
        draft.capabilitiesAfterTls = keywords;
        draft.authAfterTls = parseSmtpAuth(keywords);
      }
    }
  }
  return keywords;
}

async function talkSmtp(session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network): Promise<void> {
  draft.extensions = parseSmtpExtensions(await negotiateSmtp(session, draft, request, network));
  await quitSmtp(session);
}

export function probeSmtp(network: Network, request: Omit<ProbeRequest, 'protocol'>): Promise<ProbeResult> {
  return runProbe(network, { ...request, protocol: 'smtp' }, talkSmtp);
}
