// Python that sends with smtplib directly: SMTP_SSL is implicit TLS; SMTP followed by
// starttls() is STARTTLS that raises when the server offers none (required); SMTP without
// starttls() sends in cleartext. Host and port are read from the call, resolving module-level
// NAME = literal constants; an unverified context turns certificate checks off.
import type { ConfigMode, MailConfig, Origin } from './config.js';

const CALL = /smtplib\.(SMTP_SSL|SMTP)\(\s*([^,)]+?)\s*(?:,\s*([^,)=]+?)\s*)?[,)]/g;
const CONSTANT = /^([A-Z_][A-Z0-9_]*)\s*=\s*(["'])?([^"'#\n]*?)\2?\s*(?:#.*)?$/gm;
const UNVERIFIED = /ssl\._create_unverified_context\(|verify_mode\s*=\s*ssl\.CERT_NONE|check_hostname\s*=\s*False/;

export function readPythonSmtplib(text: string, file: string): MailConfig[] {
  const constants = new Map<string, string>();
  for (const match of text.matchAll(CONSTANT)) constants.set(match[1]!, match[3]!);
  const value = (expression: string | undefined): string | undefined => {
    if (expression === undefined) return undefined;
    const literal = /^(["'])(.*)\1$/.exec(expression.trim());
    if (literal !== null) return literal[2];
    if (/^\d+$/.test(expression.trim())) return expression.trim();
    return constants.get(expression.trim());
  };
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const unverified = UNVERIFIED.exec(text);
  return [...text.matchAll(CALL)].map((call) => {
    const line = lineAt(call.index);
    const origin = (key: string): Origin => ({ file, line, key });
    const implicit = call[1] === 'SMTP_SSL';
    const mode: ConfigMode = implicit ? 'implicit-tls' : /\.starttls\(/.test(text.slice(call.index)) ? 'starttls-required' : 'none';
    const config: MailConfig = { format: 'python-smtplib', mode: { value: mode, origin: origin(call[1]!) }, booleanStrings: [], unresolved: [] };
    const host = value(call[2]);
    if (host !== undefined && host !== '') config.host = { value: host, origin: origin('host') };
    else config.unresolved.push(origin('host'));
    const port = value(call[3]);
    if (port !== undefined && /^\d{1,5}$/.test(port)) config.port = { value: Number(port), origin: origin('port') };
    if (unverified !== null) config.verifyDisabled = { file, line: lineAt(unverified.index), key: 'ssl context' };
    const login = /\.login\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)/.exec(text.slice(call.index));
    if (login !== null) {
      const user = value(login[1]);
      if (user !== undefined) config.username = { value: user, origin: origin('login') };
      config.password = { file, line: lineAt(call.index + login.index), key: 'login' };
      config.passwordLiteral = /^(["']).*\1$/.test(login[2]!.trim());
    }
    return config;
  });
}
