// POP3 probe: greeting, CAPA, STLS, CAPA again, QUIT (RFC 1939, RFC 2449, RFC 2595 §4).
import type { Network } from '../net/types.js';
import { ProbeFailure } from './failure.js';
import { runProbe, type ProbeDraft, type ResolvedProbeRequest } from './run-probe.js';
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

export async function greetPop3(session: Session, draft: Pick<ProbeDraft, 'greeting'>): Promise<void> {
  const greeting = await readPop3Status(session, 'greeting');
  draft.greeting = `${greeting.ok ? '+OK' : '-ERR'} ${greeting.text}`.trim();
  if (!greeting.ok) throw new ProbeFailure('rejected', `greeting ${draft.greeting}`);
}

export async function quitPop3(session: Session): Promise<void> {
  session.send('QUIT');
  await readPop3Status(session).catch(() => undefined);
}

/** Everything up to (and including) CAPA after STLS; undefined when CAPA is unknown. */
export async function negotiatePop3(session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network): Promise<string[] | undefined> {
  await greetPop3(session, draft);
  let capabilities = await readPop3Capabilities(session);
  if (session.security === 'tls') {
    draft.capabilitiesAfterTls = capabilities ?? [];
    draft.authAfterTls = parsePop3Auth(capabilities ?? []);
  } else {
    draft.capabilitiesBeforeTls = capabilities ?? [];
    draft.authBeforeTls = parsePop3Auth(capabilities ?? []);
    const offered = hasPop3Capability(capabilities ?? [], 'STLS');
    draft.starttls = { offered, attempted: false, succeeded: false };
    if (request.security === 'starttls' || (request.security === 'unknown' && offered)) {
      session.send('STLS');
      const reply = await readPop3Status(session);
      draft.starttls = { offered, attempted: true, succeeded: false, reply: `${reply.ok ? '+OK' : '-ERR'} ${reply.text}`.trim() };
      if (reply.ok) {
        await session.startTls(network, 'starttls');
        draft.starttls.succeeded = true;
        // RFC 2595 §4: capabilities may change after STLS; ask again.
        capabilities = await readPop3Capabilities(session);
        draft.capabilitiesAfterTls = capabilities ?? [];
        draft.authAfterTls = parsePop3Auth(capabilities ?? []);
      }
    }
  }
  return capabilities;
}

async function talkPop3(session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network): Promise<void> {
  draft.extensions = parsePop3Extensions(await negotiatePop3(session, draft, request, network));
  await quitPop3(session);
}

export function probePop3(network: Network, request: Omit<ProbeRequest, 'protocol'>): Promise<ProbeResult> {
  return runProbe(network, { ...request, protocol: 'pop3' }, talkPop3);
}
