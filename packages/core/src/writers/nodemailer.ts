// nodemailer transport options (nodemailer.com/smtp). `secure` means implicit TLS only;
// STARTTLS is made mandatory with `requireTLS`, because by default a server that hides
// STARTTLS receives AUTH and the message in clear (research/config-targets.md, trap 1).
import type { Endpoint } from '../types.js';
import { escapeJsonInvisibles, headerLines, prefixLines, quoteCString, refuseControls, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

interface TransportFields {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
}

function transportFields(endpoint: Endpoint): TransportFields {
  return {
    host: endpoint.host,
    port: endpoint.port,
    // Set explicitly: nodemailer only guesses `secure` from port 465.
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security !== 'none',
  };
}

function renderModule(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const fields = transportFields(smtp);
  const pass = input.password === undefined ? 'process.env.SMTP_PASS' : quoteCString(input.password);
  const secureNote = fields.secure ? 'implicit TLS from the first byte' : 'plain connect, then STARTTLS';
  const requireNote = fields.requireTLS
    ? 'fail instead of sending the password in clear when STARTTLS is missing'
    : 'PLAINTEXT allowed';
  // The private CA of --ca-file, besides the usual roots (a bare `ca` would replace them).
  const caFile = input.caFile === undefined ? undefined : quoteCString(refuseControls('JavaScript', input.caFile));
  return [
    ...prefixLines(headerLines(input, [smtp], caFile === undefined ? undefined : 'tls.ca'), '//'),
    ...(caFile === undefined ? [] : ["import { readFileSync } from 'node:fs';", "import { rootCertificates } from 'node:tls';", '']),
    '// Use: nodemailer.createTransport(smtpOptions)',
    'export const smtpOptions = {',
    `  host: ${quoteCString(fields.host)},`,
    `  port: ${fields.port},`,
    `  secure: ${fields.secure}, // ${secureNote}`,
    `  requireTLS: ${fields.requireTLS}, // ${requireNote}`,
    ...(caFile === undefined ? [] : [`  tls: { ca: [...rootCertificates, readFileSync(${caFile}, 'utf8')] },`]),
    '  auth: {',
    `    user: ${quoteCString(usernameOf(input, smtp))},`,
    `    pass: ${pass},`,
    '  },',
    '};',
    '',
    'export default smtpOptions;',
    '',
  ].join('\n');
}

function renderJson(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  // JSON has no comments and no env references: the password is added by the caller's code
  // (auth.pass) unless it was passed in explicitly.
  const auth: Record<string, string> = { user: usernameOf(input, smtp) };
  if (input.password !== undefined) auth.pass = input.password;
  return escapeJsonInvisibles(JSON.stringify({ ...transportFields(smtp), auth }, null, 2)) + '\n';
}

export const nodemailerWriter: Writer = {
  id: 'nodemailer',
  title: 'nodemailer (JS/TS module)',
  description: 'ES module exporting createTransport options; STARTTLS required, password from process.env.SMTP_PASS.',
  defaultFileName: 'smtp-options.mjs',
  kind: 'file',
  render: renderModule,
};

export const nodemailerJsonWriter: Writer = {
  id: 'nodemailer-json',
  title: 'nodemailer (JSON)',
  description: 'createTransport options as JSON, without the password (add auth.pass from your secret store).',
  defaultFileName: 'smtp-options.json',
  kind: 'file',
  render: renderJson,
};
