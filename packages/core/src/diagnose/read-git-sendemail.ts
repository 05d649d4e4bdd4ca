// git send-email's [sendemail] section (.gitconfig, .git/config): smtpEncryption `tls` is
// STARTTLS that dies without it, `ssl` implicit TLS, anything else cleartext.
import type { ConfigMode, MailConfig, Origin } from './config.js';

export function readGitSendEmail(text: string, file: string): MailConfig[] {
  const settings = new Map<string, { value: string; origin: Origin }>();
  let inSection = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const section = /^\[([^\]\s"]+)(?:\s+"[^"]*")?\]/.exec(line);
    if (section !== null) {
      inSection = section[1]!.toLowerCase() === 'sendemail';
      return;
    }
    if (!inSection || line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const match = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (match === null) return;
    const key = match[1]!;
    // A value ends at an unquoted ; or #; quotes are removed.
    const value = (match[2] ?? 'true').replace(/\s*[;#][^"]*$/, '').replace(/^"(.*)"$/, '$1');
    settings.set(key.toLowerCase(), { value, origin: { file, line: index + 1, key } });
  });
  const server = settings.get('smtpserver');
  if (server === undefined) return [];
  const encryption = settings.get('smtpencryption');
  const mode: ConfigMode = encryption?.value === 'ssl' ? 'implicit-tls' : encryption?.value === 'tls' ? 'starttls-required' : 'none';
  const config: MailConfig = { format: 'git-send-email', mode: { value: mode, origin: (encryption ?? server).origin }, booleanStrings: [], unresolved: [], host: { value: server.value, origin: server.origin } };
  const port = settings.get('smtpserverport');
  if (port !== undefined && /^\d{1,5}$/.test(port.value)) config.port = { value: Number(port.value), origin: port.origin };
  const user = settings.get('smtpuser');
  if (user !== undefined) config.username = user;
  const password = settings.get('smtppass');
  if (password !== undefined) {
    config.password = password.origin;
    config.passwordLiteral = true;
  }
  // An empty smtpSslCertPath turns certificate verification off.
  const certPath = settings.get('smtpsslcertpath');
  if (certPath !== undefined && certPath.value === '') config.verifyDisabled = certPath.origin;
  return [config];
}
