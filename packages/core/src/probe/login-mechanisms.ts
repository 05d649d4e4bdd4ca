// How each protocol says "here is a password" and what its answer means: the only code
// that puts a credential on the wire. login.ts decides whether it may run at all.
import { hasCapability, parseImapAuth, parseTagged, sendTagged, type ImapConversation, type TaggedReply } from './imap.js';
import type { Negotiated } from './negotiate.js';
import { hasPop3Capability, parsePop3Auth, readPop3Status } from './pop3.js';
import type { Session } from './session.js';
import { parseSmtpAuth, readSmtpReply } from './smtp.js';
import { REDACTED } from './transcript.js';
import type { LoginOutcome } from './types.js';

export interface LoginVerdict {
  outcome: LoginOutcome;
  message: string;
  mechanism?: string;
}

export interface Credentials {
  username: string;
  password: string;
}

/** One login attempt on a negotiated, verified connection. */
export type Login<C> = (session: Session, negotiated: Negotiated<C>, credentials: Credentials) => Promise<LoginVerdict>;

function saslPlain(username: string, password: string): string {
  return Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

// RFC 4954 §6: 235 success, 535 bad credentials, 534/538 a policy, 504 unknown mechanism.
function smtpVerdict(code: number, text: string, mechanism: string): LoginVerdict {
  if (code === 235) return { outcome: 'ok', message: `${code} ${text}`, mechanism };
  if (code === 535) return { outcome: 'bad-credentials', message: `${code} ${text}`, mechanism };
  if (code === 504) return { outcome: 'method-unsupported', message: `${code} ${text}`, mechanism };
  return { outcome: 'error', message: `${code} ${text}`, mechanism };
}

export async function loginSmtp(session: Session, { capabilities }: Negotiated<unknown>, { username, password }: Credentials): Promise<LoginVerdict> {
  const mechanisms = parseSmtpAuth(capabilities ?? []);
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
function imapVerdict(reply: TaggedReply, mechanism: string): LoginVerdict {
  const message = `${reply.status} ${reply.text}`;
  if (reply.status === 'OK') return { outcome: 'ok', message, mechanism };
  if (reply.status === 'NO' && !/^\[(UNAVAILABLE|SERVERBUG|PRIVACYREQUIRED|CONTACTADMIN)\]/i.test(reply.text)) {
    return { outcome: 'bad-credentials', message, mechanism };
  }
  return { outcome: 'error', message, mechanism };
}

export async function loginImap(session: Session, negotiated: Negotiated<ImapConversation>, { username, password }: Credentials): Promise<LoginVerdict> {
  const { preauth, nextTag } = negotiated.conversation;
  const capabilities = negotiated.capabilities ?? [];
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
function pop3Verdict(ok: boolean, text: string, mechanism: string): LoginVerdict {
  const message = `${ok ? '+OK' : '-ERR'} ${text}`.trim();
  if (ok || /^\[IN-USE\]/i.test(text)) return { outcome: 'ok', message, mechanism };
  if (/^\[SYS\//i.test(text)) return { outcome: 'error', message, mechanism };
  return { outcome: 'bad-credentials', message, mechanism };
}

export async function loginPop3(session: Session, { capabilities }: Negotiated<unknown>, { username, password }: Credentials): Promise<LoginVerdict> {
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
