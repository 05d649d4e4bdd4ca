// How nodemailer decides the TLS mode from its options, for every reader of a nodemailer
// config (code, JSON, URL, the SMTP_* .env family). A flag left undefined was not given.
import type { ConfigMode } from './config.js';

export interface NodemailerFlags {
  secure?: boolean;
  ignoreTLS?: boolean;
  requireTLS?: boolean;
}

export function nodemailerMode(flags: NodemailerFlags, port: number | undefined): ConfigMode {
  if (flags.secure === true) return 'implicit-tls';
  // nodemailer turns implicit TLS on for 465 by itself when `secure` is not given.
  if (flags.secure === undefined && port === 465) return 'implicit-tls';
  if (flags.ignoreTLS === true) return 'none';
  return flags.requireTLS === true ? 'starttls-required' : 'starttls-opportunistic';
}
