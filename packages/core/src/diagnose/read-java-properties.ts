// Spring Boot's application.properties (spring.mail.*), read as JavaMail will dial: without
// mail.smtp.starttls.enable it never starts TLS, and without starttls.required it falls back
// to cleartext when STARTTLS is missing.
import type { ConfigMode, Field, MailConfig, Origin } from './config.js';

const PREFIX = 'spring.mail.';
const SMTP = 'spring.mail.properties.mail.smtp.';

/** `key=value` / `key: value` lines of a .properties text, with `\` continuations and the
 *  1-based line each starts on; comments (# and !) skipped. */
export function readProperties(text: string): Map<string, { value: string; line: number }> {
  const found = new Map<string, { value: string; line: number }>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i]!.trimStart();
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    // An odd number of trailing backslashes continues the line.
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length) logical = logical.slice(0, -1) + lines[++i]!.trimStart();
    const match = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(logical);
    if (match === null) continue;
    found.set(match[1]!.replace(/\\(.)/g, '$1'), { value: match[2]!.trimEnd(), line: start + 1 });
  }
  return found;
}

/** Spring's application.yml flattened to the dotted keys .properties uses: nested maps of
 *  scalars (what mail settings are); lists and multi-document files are read as far as
 *  those go (the first document). */
export function readYamlKeys(text: string): Map<string, { value: string; line: number }> {
  const found = new Map<string, { value: string; line: number }>();
  const path: Array<{ indent: number; key: string }> = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '---' && found.size > 0) break;
    const match = /^(\s*)([^\s#][^:]*?):(?:\s+(.*?))?\s*$/.exec(raw.replace(/\s+#.*$/, ''));
    if (match === null || raw.trimStart().startsWith('-')) continue;
    const indent = match[1]!.length;
    while (path.length > 0 && path[path.length - 1]!.indent >= indent) path.pop();
    const key = match[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    const value = match[3];
    if (value === undefined || value === '') path.push({ indent, key });
    else found.set([...path.map((p) => p.key), key].join('.'), { value: value.replace(/^(["'])(.*)\1$/, '$2'), line: index + 1 });
  }
  return found;
}

export function readSpringYaml(text: string, file: string): MailConfig[] {
  return springConfigs(readYamlKeys(text), file);
}

export function readSpringProperties(text: string, file: string): MailConfig[] {
  return springConfigs(readProperties(text), file);
}

function springConfigs(props: ReadonlyMap<string, { value: string; line: number }>, file: string): MailConfig[] {
  const get = (key: string) => {
    const found = props.get(key);
    return found === undefined ? undefined : { value: found.value, origin: { file, line: found.line, key } satisfies Origin };
  };
  const host = get(`${PREFIX}host`);
  if (host === undefined) return [];
  const on = (key: string) => get(key)?.value.toLowerCase() === 'true';
  const ssl = get(`${SMTP}ssl.enable`);
  const starttls = get(`${SMTP}starttls.enable`);
  const required = get(`${SMTP}starttls.required`);
  const mode: ConfigMode = on(`${SMTP}ssl.enable`) ? 'implicit-tls'
    : on(`${SMTP}starttls.enable`) ? (on(`${SMTP}starttls.required`) ? 'starttls-required' : 'starttls-opportunistic')
      : 'none';
  const anchor = (mode === 'implicit-tls' ? ssl : mode === 'starttls-required' ? required : starttls) ?? host;
  const config: MailConfig = { format: 'spring-boot', mode: { value: mode, origin: anchor.origin }, booleanStrings: [], unresolved: [] };
  if (host.value !== '') config.host = { value: host.value, origin: host.origin };
  const port = get(`${PREFIX}port`);
  if (port !== undefined && /^\d{1,5}$/.test(port.value)) config.port = { value: Number(port.value), origin: port.origin } satisfies Field<number>;
  const user = get(`${PREFIX}username`);
  if (user !== undefined && user.value !== '') config.username = user;
  const password = get(`${PREFIX}password`);
  if (password !== undefined && password.value !== '') {
    config.password = password.origin;
    config.passwordLiteral = !password.value.includes('${');
  }
  // Trusting every host ("*") or skipping the name check both let anyone pose as the server.
  const trust = get(`${SMTP}ssl.trust`);
  const identity = get(`${SMTP}ssl.checkserveridentity`);
  if (trust?.value.trim() === '*') config.verifyDisabled = trust.origin;
  else if (identity?.value.toLowerCase() === 'false') config.verifyDisabled = identity.origin;
  return [config];
}
