// Real Postfix from a private config dir: 25 (MTA, STARTTLS offered, no AUTH), 587
// (submission, STARTTLS required and AUTH only after it, RFC 6409 + RFC 3207 §5) and 465
// (implicit TLS, RFC 8314 §3.3). Nothing is delivered: local mail is discarded and relaying
// is an error. AUTH goes to Dovecot over a private socket (smtpd_sasl_type = dovecot).
import { mkdirSync, chmodSync, chownSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer, systemId, waitForPorts, type ServerProcess } from './server-process.js';

export const POSTFIX_MASTER = '/usr/lib/postfix/sbin/master';

/** `starttls`: the normal submission port. `cleartext`: 587 hides STARTTLS and offers AUTH
 *  without TLS, as a stripping middlebox or a misconfigured server would (downgrade tests). */
export type SubmissionMode = 'starttls' | 'cleartext';

export interface PostfixOptions {
  dir: string;
  address: string;
  hostName: string;
  domain: string;
  certFile: string;
  keyFile: string;
  /** Dovecot's auth-client socket. */
  saslSocket: string;
  submission: SubmissionMode;
  /** Ports not to open at all (connection refused), e.g. [25]. */
  closedPorts: number[];
  readyTimeoutMs: number;
}

const QUEUE_DIRS = ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace'];

/** What `postfix post-install create-missing` would make, owned as postfix-files says. */
function createQueue(queue: string, owner: { postfix: number; postdrop: number }): void {
  mkdirSync(queue, { recursive: true, mode: 0o755 });
  const make = (name: string, mode: number, group?: number): void => {
    const path = join(queue, name);
    mkdirSync(path, { mode });
    chownSync(path, name === 'pid' ? 0 : owner.postfix, group ?? 0);
    chmodSync(path, mode);
  };
  for (const name of QUEUE_DIRS) make(name, 0o700);
  make('maildrop', 0o730, owner.postdrop);
  make('public', 0o710, owner.postdrop);
  make('pid', 0o755);
}

function lookupIds(): { postfix: number; postdrop: number } {
  return { postfix: systemId('user', 'postfix'), postdrop: systemId('group', 'postdrop') };
}

function mainCf(options: PostfixOptions, queue: string, data: string): string {
  const { dir, hostName, domain, address } = options;
  return [
    'compatibility_level = 3.6',
    `queue_directory = ${queue}`,
    `data_directory = ${data}`,
    // postlogd writes here instead of the host's syslog socket.
    `maillog_file = ${join(dir, 'maillog')}`,
    `maillog_file_prefixes = ${dir}`,
    `myhostname = ${hostName}`,
    `mydomain = ${domain}`,
    `myorigin = ${domain}`,
    `mydestination = ${domain}, ${hostName}`,
    `inet_interfaces = ${address}`,
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    'local_recipient_maps =',
    'alias_maps =',
    'alias_database =',
    'local_transport = discard:world',
    'default_transport = error:no relaying in the test world',
    'relay_transport = error:no relaying in the test world',
    'disable_dns_lookups = yes',
    'smtp_dns_support_level = disabled',
    'biff = no',
    `smtpd_banner = $myhostname ESMTP world`,
    `smtpd_tls_cert_file = ${options.certFile}`,
    `smtpd_tls_key_file = ${options.keyFile}`,
    'smtpd_tls_security_level = may',
    'smtpd_sasl_type = dovecot',
    `smtpd_sasl_path = ${options.saslSocket}`,
    'smtpd_relay_restrictions = permit_sasl_authenticated, permit_mynetworks, reject_unauth_destination',
    '',
  ].join('\n');
}

function masterCf(options: PostfixOptions): string {
  const at = options.address;
  const submission = options.submission === 'starttls'
    ? '-o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes'
    : '-o smtpd_tls_security_level=none -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=no';
  const listeners: [number, string][] = [
    [25, `${at}:25 inet n - n - - smtpd`],
    [587, `${at}:587 inet n - n - - smtpd ${submission}`],
    [465, `${at}:465 inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes`],
  ];
  // No chroot (column 5 "n"): the daemons read the private dirs by absolute path.
  return [
    ...listeners.filter(([port]) => !options.closedPorts.includes(port)).map(([, line]) => line),
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'showq unix n - n - - showq',
    'postlog unix-dgram n - n - 1 postlogd',
    '',
  ].join('\n');
}

export function postfixPorts(options: Pick<PostfixOptions, 'closedPorts'>): number[] {
  return [25, 465, 587].filter((port) => !options.closedPorts.includes(port));
}

export async function startPostfix(options: PostfixOptions): Promise<ServerProcess> {
  const config = join(options.dir, 'etc');
  const queue = join(options.dir, 'queue');
  const data = join(options.dir, 'data');
  const ids = lookupIds();
  mkdirSync(config, { recursive: true });
  createQueue(queue, ids);
  mkdirSync(data, { mode: 0o700 });
  chownSync(data, ids.postfix, 0);
  writeFileSync(join(config, 'main.cf'), mainCf(options, queue, data));
  writeFileSync(join(config, 'master.cf'), masterCf(options));
  // Postfix waits (in 300 ms steps) until a config file is older than the current second,
  // against reading a half-written file; back-dating them saves up to a second.
  const past = new Date(Date.now() - 60_000);
  for (const file of ['main.cf', 'master.cf']) utimesSync(join(config, file), past, past);
  // master itself, in the foreground (-d) with stdout kept (-s): the world owns the process,
  // and skipping `postfix start` saves its integrity checks (about a second).
  const server = spawnServer('postfix', POSTFIX_MASTER, ['-c', config, '-d', '-s'], join(options.dir, 'master.log'), join(options.dir, 'maillog'));
  await waitForPorts(server, options.address, postfixPorts(options), options.readyTimeoutMs);
  return server;
}
