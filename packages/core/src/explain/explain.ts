// `explainError(text)`: the causes a pasted error message or server reply points to, best
// first, each with what to change. Text is data here: it is only matched, never evaluated,
// and what is echoed back is cut short.
import { CAUSES, CLIENT_NAMES, type CauseCode, type ClientId } from './causes.js';
import { PATTERNS } from './patterns.js';

// Long pastes (a whole log) are read up to here: patterns look at words, not at sizes.
const TEXT_MAX_CHARS = 64 * 1024;
const MATCHED_MAX_CHARS = 200;

export interface ClientSetting {
  client: ClientId;
  /** "nodemailer", "Django", … */
  name: string;
  setting: string;
}

export interface Explanation {
  code: CauseCode | 'not-recognised';
  title: string;
  cause: string;
  fix: string;
  /** The words of the text that were recognised (empty when not recognised). */
  matched: string;
  /** The clients whose wording matched; `server` for a server reply. */
  clients: ClientId[];
  /** The setting to change: for the client that wrote the text when it is known, else for each. */
  settings: ClientSetting[];
}

// Words that give away which client printed the text, so the fix names its setting only.
const CLIENT_SIGNS: ReadonlyArray<[ClientId, RegExp]> = [
  ['django', /django[./]|EMAIL_USE_(TLS|SSL)/],
  ['smtplib', /smtplib|ssl\.SSL\w*Error|_ssl\.c:\d+/],
  ['phpmailer', /PHPMailer/],
  ['symfony', /Symfony\\Component\\Mailer|TransportException/],
  ['jakarta-mail', /jakarta\.mail|javax\.mail|com\.sun\.mail/],
  ['mailkit', /MailKit|MimeKit/],
  ['ruby-net-smtp', /Net::(SMTP|ReadTimeout|OpenTimeout)|OpenSSL::SSL::SSLError|\.rb:\d+:in /],
  ['curl', /^curl: \(\d+\)/m],
  ['go-net-smtp', /\bx509: |\btls: |dial tcp |net\/smtp/],
  ['nodemailer', /nodemailer|deps\/openssl|Invalid login:|Greeting never received|Mail command failed|Can't send mail|ECONNREFUSED|ETIMEDOUT|ESOCKET|EAUTH/],
];

/** The client whose wording the text carries, when one stands out. */
export function recogniseClient(text: string): ClientId | undefined {
  return CLIENT_SIGNS.find(([, sign]) => sign.test(text))?.[0];
}

const NOT_RECOGNISED: Omit<Explanation, 'matched'> = {
  code: 'not-recognised',
  title: 'Not recognised',
  cause: 'This text matches none of the errors autoconf knows.',
  fix: 'Paste the whole error, including the server\'s reply (a three-digit code such as 535 and the words after it); or check the server itself: `autoconf probe host:port`, or `autoconf explain "<text>" --server host:port`.',
  clients: [],
  settings: [],
};

/** Every cause the text points to, best first (at least one entry: `not-recognised` when none). */
export function explainError(input: string): Explanation[] {
  const text = String(input).slice(0, TEXT_MAX_CHARS);
  const client = recogniseClient(text);
  const found = new Map<CauseCode, Explanation>();
  for (const pattern of PATTERNS) {
    const hit = pattern.match.exec(text);
    if (hit === null) continue;
    const known = found.get(pattern.cause);
    if (known !== undefined) {
      for (const id of pattern.clients) if (!known.clients.includes(id)) known.clients.push(id);
      continue;
    }
    const { title, cause, fix } = CAUSES[pattern.cause];
    found.set(pattern.cause, { code: pattern.cause, title, cause, fix, matched: hit[0].trim().slice(0, MATCHED_MAX_CHARS), clients: [...pattern.clients], settings: settingsFor(pattern.cause, client) });
  }
  if (found.size === 0) return [{ ...NOT_RECOGNISED, matched: '' }];
  return [...found.values()];
}

function settingsFor(code: CauseCode, client: ClientId | undefined): ClientSetting[] {
  const settings = Object.entries(CAUSES[code].settings) as Array<[ClientId, string]>;
  const chosen = client === undefined ? settings : settings.filter(([id]) => id === client || (client === 'django' && id === 'smtplib' && CAUSES[code].settings.django === undefined));
  return (chosen.length > 0 ? chosen : settings).map(([id, setting]) => ({ client: id, name: CLIENT_NAMES[id], setting }));
}
