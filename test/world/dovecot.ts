// Real Dovecot from a private config file: IMAP 143 (STARTTLS) and 993 (implicit TLS),
// POP3 110 (STLS) and 995, the world's users in a passwd-file, mail in maildirs under the
// world's dir, and an auth socket for Postfix's SMTP AUTH.
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer, systemId, waitForPorts, type ServerProcess } from './server-process.js';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
// Mail processes run as nobody:nogroup (above first_valid_uid = 500).
const MAIL_UID = 65_534;

export interface MailUser {
  /** The login name: the full address, as most hosters use. */
  name: string;
  password: string;
}

export interface DovecotOptions {
  dir: string;
  address: string;
  certFile: string;
  keyFile: string;
  users: MailUser[];
  closedPorts: number[];
  readyTimeoutMs: number;
}

const PORTS = [143, 993, 110, 995];

export function dovecotPorts(options: Pick<DovecotOptions, 'closedPorts'>): number[] {
  return PORTS.filter((port) => !options.closedPorts.includes(port));
}

/** Where Postfix finds Dovecot's SASL service. */
export function dovecotAuthSocket(dir: string): string {
  return join(dir, 'auth-client');
}

function listener(name: string, port: number, closed: number[], tls: boolean): string {
  // Port 0 keeps the listener section valid while opening nothing.
  const open = closed.includes(port) ? 0 : port;
  return `  inet_listener ${name} {\n    port = ${open}\n${tls ? '    ssl = yes\n' : ''}  }`;
}

function dovecotConf(options: DovecotOptions): string {
  const { dir, closedPorts: closed } = options;
  return [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `instance_name = world-${process.pid}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    'protocols = imap pop3',
    `listen = ${options.address}`,
    'ssl = yes',
    `ssl_cert = <${options.certFile}`,
    `ssl_key = <${options.keyFile}`,
    'ssl_min_protocol = TLSv1.2',
    'auth_mechanisms = plain login',
    // A wrong password in a test should answer at once, not after the default 2 s.
    'auth_failure_delay = 0',
    `mail_location = maildir:${join(dir, 'mail')}/%u`,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN ${join(dir, 'passwd')}`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${MAIL_UID} gid=${MAIL_UID} home=${join(dir, 'mail')}/%u`,
    '}',
    'service imap-login {',
    listener('imap', 143, closed, false),
    listener('imaps', 993, closed, true),
    '}',
    'service pop3-login {',
    listener('pop3', 110, closed, false),
    listener('pop3s', 995, closed, true),
    '}',
    // Dovecot delays every login from an address after a failed one (anvil's auth penalty,
    // up to 15 s); in the world every client is 127.0.0.1, so one wrong-password test would
    // slow all later ones. Without the penalty socket auth runs without it.
    'service anvil {',
    '  unix_listener anvil-auth-penalty {',
    '    mode = 0',
    '  }',
    '}',
    'service auth {',
    `  unix_listener ${dovecotAuthSocket(dir)} {`,
    '    mode = 0660',
    '    user = postfix',
    '    group = postfix',
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function startDovecot(options: DovecotOptions): Promise<ServerProcess> {
  const { dir } = options;
  mkdirSync(join(dir, 'state'), { recursive: true });
  mkdirSync(join(dir, 'mail'));
  chownSync(join(dir, 'mail'), MAIL_UID, MAIL_UID);
  for (const user of options.users) {
    if (/[:\n]/.test(user.name + user.password)) throw new Error(`a world user may not contain ":" or a newline: ${user.name}`);
  }
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, options.users.map((user) => `${user.name}:{PLAIN}${user.password}\n`).join(''), { mode: 0o600 });
  // The auth process reads it as the dovecot user.
  chownSync(passwd, systemId('user', 'dovecot'), 0);
  const file = join(dir, 'dovecot.conf');
  writeFileSync(file, dovecotConf(options));
  const server = spawnServer('dovecot', DOVECOT_BINARY, ['-F', '-c', file], join(dir, 'dovecot.out'), join(dir, 'dovecot.log'));
  await waitForPorts(server, options.address, dovecotPorts(options), options.readyTimeoutMs);
  return server;
}
