// One skeleton for SMTP, IMAP and POP3: greeting → capabilities → STARTTLS/STLS → capabilities
// again. The three protocols differ only in their dialect: what a greeting looks like, which
// command lists capabilities, how STARTTLS is asked for and answered, and how AUTH is listed.
import type { Network } from '../net/types.js';
import type { ProbeDraft, ResolvedProbeRequest, Dialogue } from './run-probe.js';
import type { Session } from './session.js';
import type { ProbeExtensions } from './types.js';

export interface Greeted<C> {
  /** What the rest of the dialogue needs: an IMAP tag counter, the SMTP EHLO name, … */
  conversation: C;
  /** Capabilities the server volunteered in its greeting (IMAP, RFC 9051 §7.1). */
  capabilities?: string[];
}

export interface StartTlsAnswer {
  accepted: boolean;
  /** The first line of the reply, as the report shows it. */
  reply: string;
}

export interface Dialect<C> {
  /** Reads the greeting into `draft.greeting`; throws `rejected` when the server turns us away. */
  greet(session: Session, draft: Pick<ProbeDraft, 'greeting'>, request: ResolvedProbeRequest): Promise<Greeted<C>>;
  /** Asks for capabilities; undefined when the server does not know the command (POP3 CAPA). */
  readCapabilities(session: Session, conversation: C): Promise<string[] | undefined>;
  parseAuth(capabilities: string[]): string[];
  offersStartTls(capabilities: string[]): boolean;
  /** False when STARTTLS is not valid in this state (IMAP after PREAUTH). */
  mayStartTls(conversation: C): boolean;
  requestStartTls(session: Session, conversation: C): Promise<StartTlsAnswer>;
  extensions(capabilities: string[] | undefined, conversation: C): ProbeExtensions;
  /** Says goodbye; a missing answer changes none of the facts gathered. */
  quit(session: Session, conversation: C): Promise<void>;
}

export interface Negotiated<C> {
  conversation: C;
  /** The capabilities in force: the last list read. */
  capabilities: string[] | undefined;
}

/** Everything up to (and including) the capability list read after STARTTLS. */
export async function negotiate<C>(
  session: Session,
  draft: ProbeDraft,
  request: ResolvedProbeRequest,
  network: Network,
  dialect: Dialect<C>,
): Promise<Negotiated<C>> {
  const { conversation, capabilities: volunteered } = await dialect.greet(session, draft, request);
  let capabilities = volunteered ?? (await dialect.readCapabilities(session, conversation));
  if (session.security === 'tls') {
    record(draft, 'after', capabilities, dialect);
    return { conversation, capabilities };
  }
  record(draft, 'before', capabilities, dialect);
  const offered = dialect.offersStartTls(capabilities ?? []);
  draft.starttls = { offered, attempted: false, succeeded: false };
  // Asked for STARTTLS but not offered: try anyway, the reply is evidence (stripping or not).
  const wanted = request.security === 'starttls' || (request.security === 'opportunistic' && offered);
  if (!wanted || !dialect.mayStartTls(conversation)) return { conversation, capabilities };
  const answer = await dialect.requestStartTls(session, conversation);
  draft.starttls = { offered, attempted: true, succeeded: false, reply: answer.reply };
  if (!answer.accepted) return { conversation, capabilities };
  // Session.startTls drops every byte read before the handshake: it may have been injected
  // by a man in the middle (RFC 3207 §6, RFC 2595 §3.1).
  await session.startTls(network, 'starttls');
  draft.starttls.succeeded = true;
  // Forget what was learnt in cleartext and ask again (RFC 3207 §4.2, RFC 9051 §6.2.1, RFC 2595 §4).
  capabilities = await dialect.readCapabilities(session, conversation);
  record(draft, 'after', capabilities, dialect);
  return { conversation, capabilities };
}

function record<C>(draft: ProbeDraft, phase: 'before' | 'after', capabilities: string[] | undefined, dialect: Dialect<C>): void {
  const list = capabilities ?? [];
  if (phase === 'before') {
    draft.capabilitiesBeforeTls = list;
    draft.authBeforeTls = dialect.parseAuth(list);
  } else {
    draft.capabilitiesAfterTls = list;
    draft.authAfterTls = dialect.parseAuth(list);
  }
}

/** The probe dialogue: negotiate, note the extensions in force, say goodbye. Never AUTH. */
export function probeDialogue<C>(dialect: Dialect<C>): Dialogue {
  return async (session, draft, request, network) => {
    const { conversation, capabilities } = await negotiate(session, draft, request, network, dialect);
    draft.extensions = dialect.extensions(capabilities, conversation);
    await dialect.quit(session, conversation);
  };
}
