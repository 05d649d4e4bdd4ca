// PHPMailer set up in PHP: $mail->Host/Port/SMTPSecure/SMTPAutoTLS/Username/Password.
// SMTPSecure 'tls' (ENCRYPTION_STARTTLS) fails when STARTTLS is missing; 'ssl'
// (ENCRYPTION_SMTPS) is implicit TLS; empty uses STARTTLS only if offered (SMTPAutoTLS, on by
// default), or cleartext with SMTPAutoTLS = false.
import type { ConfigMode, MailConfig, Origin } from './config.js';

const ASSIGN = /\$\w+->(Host|Port|SMTPSecure|SMTPAutoTLS|Username|Password)\s*=\s*([^;]+);/g;

export function readPhpMailer(text: string, file: string): MailConfig[] {
  const found = new Map<string, { raw: string; origin: Origin }>();
  for (const match of text.matchAll(ASSIGN)) {
    found.set(match[1]!, { raw: match[2]!.trim(), origin: { file, line: text.slice(0, match.index).split('\n').length, key: match[1]! } });
  }
  const host = found.get('Host');
  if (host === undefined) return [];
  const string = (raw: string | undefined) => (raw === undefined ? undefined : /^(["'])(.*)\1$/.exec(raw)?.[2]);
  const secure = found.get('SMTPSecure')?.raw ?? '';
  const autoTls = found.get('SMTPAutoTLS')?.raw.toLowerCase() !== 'false';
  const mode: ConfigMode = /ENCRYPTION_SMTPS|^["']ssl["']$/i.test(secure) ? 'implicit-tls'
    : /ENCRYPTION_STARTTLS|^["']tls["']$/i.test(secure) ? 'starttls-required'
      : autoTls ? 'starttls-opportunistic' : 'none';
  const config: MailConfig = { format: 'phpmailer', mode: { value: mode, origin: (found.get('SMTPSecure') ?? found.get('SMTPAutoTLS') ?? host).origin }, booleanStrings: [], unresolved: [] };
  const hostValue = string(host.raw);
  if (hostValue !== undefined) config.host = { value: hostValue, origin: host.origin };
  else config.unresolved.push(host.origin);
  const port = found.get('Port');
  if (port !== undefined && /^\d{1,5}$/.test(port.raw)) config.port = { value: Number(port.raw), origin: port.origin };
  const user = found.get('Username');
  const userValue = string(user?.raw);
  if (user !== undefined && userValue !== undefined) config.username = { value: userValue, origin: user.origin };
  const password = found.get('Password');
  if (password !== undefined) {
    config.password = password.origin;
    config.passwordLiteral = string(password.raw) !== undefined;
  }
  // SMTPOptions ['ssl' => ['verify_peer' => false]] turns certificate checks off.
  const verify = /['"]verify_peer(?:_name)?['"]\s*=>\s*false/.exec(text);
  if (verify !== null) config.verifyDisabled = { file, line: text.slice(0, verify.index).split('\n').length, key: 'SMTPOptions' };
  return [config];
}
