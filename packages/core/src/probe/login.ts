// The one opt-in check that sends a credential: a single login attempt, only over TLS
// (implicit or STARTTLS) with a trusted chain, a matching name and TLS 1.2 or later.
// Otherwise nothing is sent and the answer is `refused-insecure`.
import { AutoconfError } from '../errors.js';
import { splitNetwork, type WithNetwork } from '../net/call-network.js';
import type { Network } from '../net/types.js';
import { hasCapability, logoutImap, negotiateImap, parseImapAuth, parseTagged, sendTagged, type TaggedReply } from './imap.js';
import { negotiatePop3, parsePop3Auth, hasPop3Capability, quitPop3, readPop3Status } from './pop3.js';
import { runProbe, type Dialogue } from './run-probe.js';
import type { Session } from './session.js';
import { negotiateSmtp, parseSmtpAuth, quitSmtp, readSmtpReply } from './smtp.js';
import { REDACTED } from './transcript.js';
import type { LoginOutcome, LoginRequest, LoginResult } from './types.js';

interface Verdict {
  outcome: LoginOutcome;
  message: string;
  mechanism?: string;
}

// NUL separates SASL PLAIN fields; CR and LF would end our command line early.
const UNSENDABLE = /[\0\r\n]/;

export interface VerifyLoginRequest extends LoginRequest, WithNetwork {}

/** One login attempt over verified TLS; every network outcome is data. */
export function verifyLogin(request: VerifyLoginRequest): Promise<LoginResult>;
/** @deprecated Pass the network inside the request: `verifyLogin({ ...request, network })`. */
export function verifyLogin(network: Network, request: LoginRequest): Promise<LoginResult>;
export async function verifyLogin(first: VerifyLoginRequest | Network, second?: LoginRequest): Promise<LoginResult> {
  const { network, request } = splitNetwork<LoginRequest>(first, second);
  const { username, password } = request;
  if (typeof username !== 'string' || username.length === 0 || UNSENDABLE.test(username)) {
    throw new AutoconfError('OPTION_INVALID', 'The username is empty or contains NUL, CR or LF.');
  }
  if (typeof password !== 'string' || password.length === 0 || UNSENDABLE.test(password)) {
    throw new AutoconfError('OPTION_INVALID', 'The password is empty or contains NUL, CR or LF.');
  }
  if (request.security !== 'tls' && request.security !== 'starttls') {
    return { outcome: 'refused-insecure', message: `no login over security "${request.security}": TLS or STARTTLS is required`, durationMs: 0 };
  }
  let verdict: Verdict | undefined;
  const dialogue: Dialogue = async (session, draft, resolved, net) => {
    const secured = (): boolean => {
      const { attempted, succeeded, reply } = draft.starttls;
      const insecure = attempted && !succeeded ? `STARTTLS refused: ${reply ?? ''}` : describeInsecurity(session);
      if (insecure) verdict = { outcome: 'refused-insecure', message: insecure };
      return !insecure;
    };
    if (resolved.protocol === 'smtp') {
      const keywords = await negotiateSmtp(session, draft, resolved, net);
      if (secured()) verdict = await loginSmtp(session, parseSmtpAuth(keywords), username, password);
      await quitSmtp(session);
    } else if (resolved.protocol === 'imap') {
      const state = await negotiateImap(session, draft, resolved, net);
      if (secured()) verdict = await loginImap(session, state.capabilities, state.preauth, state.nextTag, username, password);
      await logoutImap(session, state.nextTag());
    } else {
      const capabilities = await negotiatePop3(session, draft, resolved, net);
      if (secured()) verdict = await loginPop3(session, capabilities, username, password);
      await quitPop3(session);
    }
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
    dialogue,
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

function saslPlain(username: string, password: string): string {
  return Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

// RFC 4954 §6: 235 success, 535 bad credentials, 534/538 a policy, 504 unknown mechanism.
function smtpVerdict(code: number, text: string, mechanism: string): Verdict {
  if (code === 235) return { outcome: 'ok', message: `${code} ${text}`, mechanism };
  if (code === 535) return { outcome: 'bad-credentials', message: `${code} ${text}`, mechanism };
  if (code === 504) return { outcome: 'method-unsupported', message: `${code} ${text}`, mechanism };
  return { outcome: 'error', message: `${code} ${text}`, mechanism };
}

async function loginSmtp(session: Session, mechanisms: string[], username: string, password: string): Promise<Verdict> {
  if (mechanisms.includes('PLAIN')) {
    session.send(`AUTH PLAIN ${saslPlain(username, password)}`);
    const reply = await readSmtpReply(session, 'step');
    return smtpVerdict(reply.code, reply.lines.join(' '), 'PLAIN');
  }
  if (mechanisms.includes('LOGIN')) {
    session.send('AUTH LOGIN');
    for (const secret of [username, password]) {
      const prompt = await readSmtpReply(session, 'step');
      if (prompt.code !== 334) return smtpVerdict(prompt.code, prompt.lines.join(' '), 'LOGIN');
      session.send(base64(secret), REDACTED);
    }
    const reply = await readSmtpReply(session, 'step');
    return smtpVerdict(reply.code, reply.lines.join(' '), 'LOGIN');
  }
  return { outcome: 'method-unsupported', message: `no password mechanism offered (AUTH ${mechanisms.join(' ') || 'none'})` };
}

function quoteImap(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

// RFC 5530 response codes tell a wrong password from a server-side problem.
function imapVerdict(reply: TaggedReply, mechanism: string): Verdict {
  const message = `${reply.status} ${reply.text}`;
  if (reply.status === 'OK') return { outcome: 'ok', message, mechanism };
  if (reply.status === 'NO' && !/^\[(UNAVAILABLE|SERVERBUG|PRIVACYREQUIRED|CONTACTADMIN)\]/i.test(reply.text)) {
    return { outcome: 'bad-credentials', message, mechanism };
  }
  return { outcome: 'error', message, mechanism };
}

async function loginImap(session: Session, capabilities: string[], preauth: boolean, nextTag: () => string, username: string, password: string): Promise<Verdict> {
  if (preauth) return { outcome: 'method-unsupported', message: 'the server pre-authenticated the connection (PREAUTH): no login to check' };
  if (parseImapAuth(capabilities).includes('PLAIN')) {
    const tag = nextTag();
    const payload = saslPlain(username, password);
    if (hasCapability(capabilities, 'SASL-IR')) {
      return imapVerdict(await sendTagged(session, tag, `AUTHENTICATE PLAIN ${payload}`), 'AUTHENTICATE PLAIN');
    }
    session.send(`${tag} AUTHENTICATE PLAIN`);
    const prompt = await session.readReply('step', (line) => line.startsWith('+') || line.startsWith(`${tag} `));
    if (!prompt[prompt.length - 1]?.startsWith('+')) return imapVerdict(parseTagged(prompt), 'AUTHENTICATE PLAIN');
    session.send(payload, REDACTED);
    return imapVerdict(parseTagged(await session.readReply('step', (line) => line.startsWith(`${tag} `))), 'AUTHENTICATE PLAIN');
  }
  // RFC 9051 §6.2.3: LOGINDISABLED forbids LOGIN; a client must not even try.
  if (hasCapability(capabilities, 'LOGINDISABLED')) {
    return { outcome: 'method-unsupported', message: `LOGIN is disabled and AUTHENTICATE PLAIN is not offered (${parseImapAuth(capabilities).join(' ') || 'no AUTH='})` };
  }
  return imapVerdict(await sendTagged(session, nextTag(), `LOGIN ${quoteImap(username)} ${quoteImap(password)}`), 'IMAP LOGIN');
}

// RFC 3206: [AUTH] is a credentials problem, [SYS/…] a server one; [IN-USE] comes after a
// successful login (RFC 2449 §8.1.1) when the mailbox is locked.
function pop3Verdict(ok: boolean, text: string, mechanism: string): Verdict {
  const message = `${ok ? '+OK' : '-ERR'} ${text}`.trim();
  if (ok || /^\[IN-USE\]/i.test(text)) return { outcome: 'ok', message, mechanism };
  if (/^\[SYS\//i.test(text)) return { outcome: 'error', message, mechanism };
  return { outcome: 'bad-credentials', message, mechanism };
}

async function loginPop3(session: Session, capabilities: string[] | undefined, username: string, password: string): Promise<Verdict> {
  if (capabilities && parsePop3Auth(capabilities).includes('PLAIN')) {
    // RFC 5034 §4: the initial response may follow the mechanism name.
    session.send(`AUTH PLAIN ${saslPlain(username, password)}`);
    const reply = await readPop3Status(session);
    return pop3Verdict(reply.ok, reply.text, 'PLAIN');
  }
  if (capabilities && !hasPop3Capability(capabilities, 'USER')) {
    return { outcome: 'method-unsupported', message: `neither USER nor SASL PLAIN offered (SASL ${parsePop3Auth(capabilities).join(' ') || 'none'})` };
  }
  session.send(`USER ${username}`);
  const user = await readPop3Status(session);
  if (!user.ok) return pop3Verdict(false, user.text, 'USER');
  session.send(`PASS ${password}`);
  const pass = await readPop3Status(session);
  return pop3Verdict(pass.ok, pass.text, 'USER');
}
