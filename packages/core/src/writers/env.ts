// Generic `.env` with SMTP_* and IMAP_* keys. No standard exists; SMTP_SECURE follows
// nodemailer (true = implicit TLS) and *_REQUIRE_TLS says "never continue in plaintext".
import type { Endpoint } from '../types.js';
import { findEndpoint, headerLines, usernameOf } from './common.js';
import { formatEnv } from './env-merge.js';
import { AutoconfError } from '../errors.js';
import type { EnvEntry, Writer, WriterInput } from './types.js';

const BOOLEAN_NOTE = 'Every value is a string: parse "true"/"false" explicitly (Boolean("false") is true).';

function endpointEntries(prefix: string, input: WriterInput, endpoint: Endpoint, comment: string): EnvEntry[] {
  const list: EnvEntry[] = [
    { key: `${prefix}_HOST`, value: endpoint.host, comment },
    { key: `${prefix}_PORT`, value: String(endpoint.port) },
    { key: `${prefix}_SECURE`, value: String(endpoint.security === 'tls') },
    { key: `${prefix}_REQUIRE_TLS`, value: String(endpoint.security !== 'none') },
    { key: `${prefix}_USER`, value: usernameOf(input, endpoint) },
  ];
  if (input.password !== undefined) list.push({ key: `${prefix}_PASS`, value: input.password });
  return list;
}

function entries(input: WriterInput): EnvEntry[] {
  const smtp = findEndpoint(input, 'smtp');
  const imap = findEndpoint(input, 'imap');
  if (smtp === undefined && imap === undefined) {
    throw new AutoconfError('WRITER_NO_ENDPOINT', 'The recommendation has neither SMTP nor IMAP.');
  }
  const list: EnvEntry[] = [];
  if (smtp !== undefined) {
    const lines = [...headerLines(input, [smtp]), 'SMTP_SECURE=true: implicit TLS (465). false: STARTTLS, which SMTP_REQUIRE_TLS=true makes mandatory.', BOOLEAN_NOTE];
    if (input.password === undefined) lines.push('SMTP_PASS is not written here: set it in your secret store or add it yourself.');
    list.push(...endpointEntries('SMTP', input, smtp, lines.join('\n')));
  }
  if (imap !== undefined) {
    const lines = [...headerLines(input, [imap]), 'IMAP_SECURE=true: implicit TLS (993). false: STARTTLS, mandatory with IMAP_REQUIRE_TLS=true.'];
    list.push(...endpointEntries('IMAP', input, imap, lines.join('\n')));
  }
  return list;
}

export const envWriter: Writer = {
  id: 'env',
  title: 'Generic .env (SMTP_*, IMAP_*)',
  description: 'SMTP_HOST/PORT/SECURE/REQUIRE_TLS/USER and the IMAP_* equivalents, merged into .env.',
  defaultFileName: '.env',
  kind: 'merge-env',
  entries,
  render: (input) => formatEnv(entries(input)),
};
