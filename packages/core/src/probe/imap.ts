// The IMAP dialect: a greeting (OK, PREAUTH or BYE) that may carry capabilities, tagged
// CAPABILITY and STARTTLS, LOGOUT (RFC 9051).
import type { Network } from '../net/types.js';
import { ProbeFailure } from './failure.js';
import { probeDialogue, type Dialect } from './negotiate.js';
import { runProbe } from './run-probe.js';
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

export interface ImapConversation {
  /** RFC 9051 §2.2.1: every command carries a fresh tag. */
  nextTag: () => string;
  /** RFC 9051 §7.1.2: already authenticated; no STARTTLS and no login in this state. */
  preauth: boolean;
}

export const imapDialect: Dialect<ImapConversation> = {
  async greet(session, draft) {
    const line = await session.readLine('greeting');
    draft.greeting = line;
    const greeting = parseImapGreeting(line);
    if (greeting.status === 'BYE') throw new ProbeFailure('rejected', `greeting BYE ${greeting.text}`);
    const conversation = { nextTag: createTagger(), preauth: greeting.status === 'PREAUTH' };
    return { conversation, ...(greeting.capabilities ? { capabilities: greeting.capabilities } : {}) };
  },
  readCapabilities: (session, { nextTag }) => readImapCapabilities(session, nextTag()),
  parseAuth: parseImapAuth,
  offersStartTls: (capabilities) => hasCapability(capabilities, 'STARTTLS'),
  // STARTTLS is only valid before authentication (RFC 9051 §6.2.1): not after PREAUTH.
  mayStartTls: ({ preauth }) => !preauth,
  async requestStartTls(session, { nextTag }) {
    const reply = await sendTagged(session, nextTag(), 'STARTTLS');
    return { accepted: reply.status === 'OK', reply: `${reply.status} ${reply.text}`.trim() };
  },
  extensions: (capabilities, { preauth }) => parseImapExtensions(capabilities ?? [], preauth),
  async quit(session, { nextTag }) {
    await sendTagged(session, nextTag(), 'LOGOUT').catch(() => undefined);
  },
};

export function probeImap(network: Network, request: Omit<ProbeRequest, 'protocol'>): Promise<ProbeResult> {
  return runProbe(network, { ...request, protocol: 'imap' }, probeDialogue(imapDialect));
}
