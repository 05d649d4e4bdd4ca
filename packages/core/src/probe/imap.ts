// IMAP probe: greeting (OK, PREAUTH or BYE), CAPABILITY, STARTTLS, CAPABILITY again, LOGOUT.
import type { Network } from '../net/types.js';
import { ProbeFailure } from './failure.js';
import { runProbe, type ProbeDraft, type ResolvedProbeRequest } from './run-probe.js';
import type { Session } from './session.js';
import type { ImapExtensions, ProbeRequest, ProbeResult } from './types.js';

export interface ImapGreeting {
  status: 'OK' | 'PREAUTH' | 'BYE';
  text: string;
  /** From a `[CAPABILITY …]` response code, when the server volunteered it. */
  capabilities?: string[];
}

export interface TaggedReply {
  status: 'OK' | 'NO' | 'BAD';
  text: string;
  untagged: string[];
}

const GREETING = /^\* (OK|PREAUTH|BYE)\b ?(.*)$/i;
const CAPABILITY_CODE = /^\[CAPABILITY ([^\]]*)\]/i;

export function parseImapGreeting(line: string): ImapGreeting {
  const match = GREETING.exec(line);
  if (!match) throw new ProbeFailure('protocol-error', `not an IMAP greeting: ${line.slice(0, 80)}`);
  const status = (match[1] ?? '').toUpperCase() as ImapGreeting['status'];
  const text = match[2] ?? '';
  const code = CAPABILITY_CODE.exec(text);
  return { status, text, ...(code ? { capabilities: splitCapabilities(code[1] ?? '') } : {}) };
}

function splitCapabilities(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

export function createTagger(): () => string {
  let counter = 0;
  return () => `a${++counter}`;
}

export async function sendTagged(session: Session, tag: string, command: string): Promise<TaggedReply> {
  session.send(`${tag} ${command}`);
  return parseTagged(await session.readReply('step', (line) => line.startsWith(`${tag} `)));
}

/** The last line is the tagged status; the lines before it are untagged data. */
export function parseTagged(lines: string[]): TaggedReply {
  const last = lines[lines.length - 1] ?? '';
  const match = /^\S+ (OK|NO|BAD)\b ?(.*)$/i.exec(last);
  if (!match) throw new ProbeFailure('protocol-error', `not an IMAP status: ${last.slice(0, 80)}`);
  return { status: (match[1] ?? '').toUpperCase() as TaggedReply['status'], text: match[2] ?? '', untagged: lines.slice(0, -1) };
}

export async function readImapCapabilities(session: Session, tag: string): Promise<string[]> {
  const reply = await sendTagged(session, tag, 'CAPABILITY');
  if (reply.status !== 'OK') throw new ProbeFailure('protocol-error', `CAPABILITY answered ${reply.status} ${reply.text}`);
  const line = reply.untagged.find((untagged) => /^\* CAPABILITY /i.test(untagged));
  return splitCapabilities(line?.slice('* CAPABILITY '.length) ?? '');
}

export function hasCapability(capabilities: string[], name: string): boolean {
  return capabilities.some((capability) => capability.toUpperCase() === name);
}

export function parseImapAuth(capabilities: string[]): string[] {
  const mechanisms = capabilities.filter((capability) => /^AUTH=/i.test(capability)).map((capability) => capability.slice(5).toUpperCase());
  return [...new Set(mechanisms)];
}

export function parseImapExtensions(capabilities: string[], preauth: boolean): ImapExtensions {
  return {
    protocol: 'imap',
    imap4rev1: hasCapability(capabilities, 'IMAP4REV1'),
    imap4rev2: hasCapability(capabilities, 'IMAP4REV2'),
    loginDisabled: hasCapability(capabilities, 'LOGINDISABLED'),
    saslIr: hasCapability(capabilities, 'SASL-IR'),
    preauth,
  };
}

/** Greeting and first capability list, shared with verifyLogin. */
export async function greetImap(session: Session, draft: Pick<ProbeDraft, 'greeting'>, nextTag: () => string): Promise<{ greeting: ImapGreeting; capabilities: string[] }> {
  const line = await session.readLine('greeting');
  draft.greeting = line;
  const greeting = parseImapGreeting(line);
  if (greeting.status === 'BYE') throw new ProbeFailure('rejected', `greeting BYE ${greeting.text}`);
  return { greeting, capabilities: greeting.capabilities ?? (await readImapCapabilities(session, nextTag())) };
}

export async function logoutImap(session: Session, tag: string): Promise<void> {
  await sendTagged(session, tag, 'LOGOUT').catch(() => undefined);
}

export interface ImapState {
  capabilities: string[];
  preauth: boolean;
  nextTag: () => string;
}

/** Everything up to (and including) CAPABILITY after STARTTLS. */
export async function negotiateImap(session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network): Promise<ImapState> {
  const nextTag = createTagger();
  const { greeting, capabilities: first } = await greetImap(session, draft, nextTag);
  const preauth = greeting.status === 'PREAUTH';
  let capabilities = first;
  if (session.security === 'tls') {
    draft.capabilitiesAfterTls = capabilities;
    draft.authAfterTls = parseImapAuth(capabilities);
  } else {
    draft.capabilitiesBeforeTls = capabilities;
    draft.authBeforeTls = parseImapAuth(capabilities);
    const offered = hasCapability(capabilities, 'STARTTLS');
    draft.starttls = { offered, attempted: false, succeeded: false };
    // STARTTLS is only valid before authentication (RFC 9051 §6.2.1): not after PREAUTH.
    const wanted = request.security === 'starttls' || (request.security === 'unknown' && offered);
    if (wanted && !preauth) {
      const reply = await sendTagged(session, nextTag(), 'STARTTLS');
      draft.starttls = { offered, attempted: true, succeeded: false, reply: `${reply.status} ${reply.text}`.trim() };
      if (reply.status === 'OK') {
        await session.startTls(network, 'starttls');
        draft.starttls.succeeded = true;
        // RFC 9051 §6.2.1: capabilities learnt before TLS must be discarded.
        capabilities = await readImapCapabilities(session, nextTag());
        draft.capabilitiesAfterTls = capabilities;
        draft.authAfterTls = parseImapAuth(capabilities);
      }
    }
  }
  return { capabilities, preauth, nextTag };
}

async function talkImap(session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network): Promise<void> {
  const { capabilities, preauth, nextTag } = await negotiateImap(session, draft, request, network);
  draft.extensions = parseImapExtensions(capabilities, preauth);
  await logoutImap(session, nextTag());
}

export function probeImap(network: Network, request: Omit<ProbeRequest, 'protocol'>): Promise<ProbeResult> {
  return runProbe(network, { ...request, protocol: 'imap' }, talkImap);
}
