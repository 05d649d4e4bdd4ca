// The POP3 dialect: +OK greeting, CAPA (which old servers lack), STLS, QUIT
// (RFC 1939, RFC 2449, RFC 2595 §4).
import type { Network } from '../net/types.js';
import { ProbeFailure } from './failure.js';
import { probeDialogue, type Dialect } from './negotiate.js';
import { runProbe } from './run-probe.js';
import type { Session } from './session.js';
import type { Pop3Extensions, ProbeRequest, ProbeResult } from './types.js';

export interface Pop3Status {
  ok: boolean;
  text: string;
}

export async function readPop3Status(session: Session, kind: 'greeting' | 'step' = 'step'): Promise<Pop3Status> {
  const line = await session.readLine(kind);
  const match = /^([+-]\S*)\s?(.*)$/.exec(line);
  const status = match?.[1]?.toUpperCase();
  if (status !== '+OK' && status !== '-ERR') throw new ProbeFailure('protocol-error', `not a POP3 status: ${line.slice(0, 80)}`);
  return { ok: status === '+OK', text: match?.[2] ?? '' };
}

/** CAPA, or undefined when the server does not know it (RFC 2449 §5). */
export async function readPop3Capabilities(session: Session): Promise<string[] | undefined> {
  session.send('CAPA');
  const status = await readPop3Status(session);
  if (!status.ok) return undefined;
  const lines = await session.readReply('step', (line) => line === '.');
  lines.pop();
  // RFC 1939 §3: a leading "." of a line in a multi-line reply is doubled.
  return lines.map((line) => (line.startsWith('..') ? line.slice(1) : line)).filter(Boolean);
}

export function hasPop3Capability(capabilities: string[], name: string): boolean {
  return capabilities.some((line) => line.split(/\s+/)[0]?.toUpperCase() === name);
}

export function parsePop3Auth(capabilities: string[]): string[] {
  const sasl = capabilities.find((line) => /^SASL(\s|$)/i.test(line));
  return [...new Set((sasl ?? '').split(/\s+/).slice(1).filter(Boolean).map((name) => name.toUpperCase()))];
}

export function parsePop3Extensions(capabilities: string[] | undefined): Pop3Extensions {
  const list = capabilities ?? [];
  return {
    protocol: 'pop3',
    user: hasPop3Capability(list, 'USER'),
    capa: capabilities !== undefined,
    pipelining: hasPop3Capability(list, 'PIPELINING'),
    uidl: hasPop3Capability(list, 'UIDL'),
    top: hasPop3Capability(list, 'TOP'),
  };
}

function statusLine({ ok, text }: Pop3Status): string {
  return `${ok ? '+OK' : '-ERR'} ${text}`.trim();
}

/** POP3 needs nothing carried between commands. */
type Pop3Conversation = Record<string, never>;

export const pop3Dialect: Dialect<Pop3Conversation> = {
  async greet(session, draft) {
    const greeting = await readPop3Status(session, 'greeting');
    draft.greeting = statusLine(greeting);
    if (!greeting.ok) throw new ProbeFailure('rejected', `greeting ${draft.greeting}`);
    return { conversation: {} };
  },
  readCapabilities: (session) => readPop3Capabilities(session),
  parseAuth: parsePop3Auth,
  offersStartTls: (capabilities) => hasPop3Capability(capabilities, 'STLS'),
  mayStartTls: () => true,
  async requestStartTls(session) {
    // RFC 2595 §4: STLS, answered +OK before the handshake or -ERR.
    session.send('STLS');
    const reply = await readPop3Status(session);
    return { accepted: reply.ok, reply: statusLine(reply) };
  },
  extensions: (capabilities) => parsePop3Extensions(capabilities),
  async quit(session) {
    session.send('QUIT');
    await readPop3Status(session).catch(() => undefined);
  },
};

export function probePop3(network: Network, request: Omit<ProbeRequest, 'protocol'>): Promise<ProbeResult> {
  return runProbe(network, { ...request, protocol: 'pop3' }, probeDialogue(pop3Dialect));
}
