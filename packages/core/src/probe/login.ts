// The one opt-in check that sends a credential: a single login attempt, only over TLS
// (implicit or STARTTLS) with a trusted chain, a matching name and TLS 1.2 or later.
// Otherwise nothing is sent and the answer is `refused-insecure`.
import { AutoconfError } from '../errors.js';
import { splitNetwork, type WithNetwork } from '../net/call-network.js';
import type { Network } from '../net/types.js';
import { imapDialect } from './imap.js';
import { loginImap, loginPop3, loginSmtp, type Credentials, type Login, type LoginVerdict } from './login-mechanisms.js';
import { negotiate, type Dialect } from './negotiate.js';
import { pop3Dialect } from './pop3.js';
import { runProbe, type Dialogue } from './run-probe.js';
import type { Session } from './session.js';
import { smtpDialect } from './smtp.js';
import type { LoginOutcome, LoginRequest, LoginResult } from './types.js';

// NUL separates SASL PLAIN fields; CR and LF would end our command line early.
const UNSENDABLE = /[\0\r\n]/;

/** A credential field this module can send at all (the caller may check before dialling). */
export function isSendableSecret(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !UNSENDABLE.test(value);
}

export interface VerifyLoginRequest extends LoginRequest, WithNetwork {}

/** One login attempt over verified TLS; every network outcome is data. */
export function verifyLogin(request: VerifyLoginRequest): Promise<LoginResult>;
/** @deprecated Pass the network inside the request: `verifyLogin({ ...request, network })`. */
export function verifyLogin(network: Network, request: LoginRequest): Promise<LoginResult>;
export async function verifyLogin(first: VerifyLoginRequest | Network, second?: LoginRequest): Promise<LoginResult> {
  const { network, request } = splitNetwork<LoginRequest>(first, second);
  const { username, password } = request;
  if (!isSendableSecret(username)) {
    throw new AutoconfError('OPTION_INVALID', 'The username is empty or contains NUL, CR or LF.');
  }
  if (!isSendableSecret(password)) {
    throw new AutoconfError('OPTION_INVALID', 'The password is empty or contains NUL, CR or LF.');
  }
  if (request.security !== 'tls' && request.security !== 'starttls') {
    return { outcome: 'refused-insecure', message: `no login over security "${request.security}": TLS or STARTTLS is required`, durationMs: 0 };
  }
  let verdict: LoginVerdict | undefined;
  const credentials: Credentials = { username, password };
  // The same negotiation as a probe, then one login in the dialect's own words.
  function attempt<C>(dialect: Dialect<C>, login: Login<C>): Dialogue {
    return async (session, draft, resolved, net) => {
      const negotiated = await negotiate(session, draft, resolved, net, dialect);
      const { attempted, succeeded, reply } = draft.starttls;
      const insecure = attempted && !succeeded ? `STARTTLS refused: ${reply ?? ''}` : describeInsecurity(session);
      verdict = insecure ? { outcome: 'refused-insecure', message: insecure } : await login(session, negotiated, credentials);
      await dialect.quit(session, negotiated.conversation);
    };
  }
  const dialogues: Record<LoginRequest['protocol'], Dialogue> = {
    smtp: attempt(smtpDialect, loginSmtp),
    imap: attempt(imapDialect, loginImap),
    pop3: attempt(pop3Dialect, loginPop3),
  };
  const probe = await runProbe(
    network,
    {
      protocol: request.protocol,
      host: request.host,
      port: request.port,
      security: request.security,
      ...(request.connectTimeoutMs !== undefined ? { connectTimeoutMs: request.connectTimeoutMs } : {}),
      ...(request.stepTimeoutMs !== undefined ? { stepTimeoutMs: request.stepTimeoutMs } : {}),
      ...(request.totalTimeoutMs !== undefined ? { totalTimeoutMs: request.totalTimeoutMs } : {}),
      ...(request.transcript !== undefined ? { transcript: request.transcript } : {}),
      ...(request.signal !== undefined ? { signal: request.signal } : {}),
    },
    // runProbe checks the protocol before any dialogue runs.
    (session, draft, resolved, net) => dialogues[resolved.protocol](session, draft, resolved, net),
  );
  const common = {
    durationMs: probe.durationMs,
    ...(probe.tls ? { tls: probe.tls } : {}),
    ...(probe.transcript ? { transcript: probe.transcript } : {}),
  };
  // A verdict reached before a later hiccup (say, no reply to QUIT) still stands.
  if (verdict) return { ...verdict, ...common, ...(probe.outcome !== 'ok' ? { probeOutcome: probe.outcome } : {}) };
  const outcome: LoginOutcome = probe.outcome === 'aborted' ? 'aborted' : 'error';
  return { outcome, message: probe.message, probeOutcome: probe.outcome, ...common };
}

function describeInsecurity(session: Session): string | undefined {
  const tls = session.tls;
  if (session.security === 'none' || !tls) return 'the connection is not encrypted';
  if (!tls.chainTrusted) return `the certificate is not trusted (${tls.chainError})`;
  if (!tls.nameMatches) return `the certificate does not match the host (${tls.nameError})`;
  if (tls.outdated) return `${tls.protocol} is outdated`;
  return undefined;
}
