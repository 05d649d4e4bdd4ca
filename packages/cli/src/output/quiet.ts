// `detect --quiet` in human form: one line per recommended server and nothing else, for a
// script that wants the answer without the explanation (the full data is --json).
//   smtp smtp.example.com 587 starttls you@example.com verified
import { showControlCharacters, type Report } from '@autoconf/core';

const ORDER = ['smtp', 'imap', 'pop3'] as const;

export function renderQuiet(report: Report): string {
  const lines: string[] = [];
  for (const protocol of ORDER) {
    const endpoint = report.recommended[protocol];
    if (endpoint === undefined) continue;
    const username = endpoint.username ?? report.address.address;
    const fields = [protocol, endpoint.host, String(endpoint.port), endpoint.security, username, endpoint.verified ? 'verified' : 'unverified'];
    lines.push(showControlCharacters(fields.join(' ')));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
