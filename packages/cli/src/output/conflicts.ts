// What a `--write` conflict would change, key by key, so the user decides on --force knowing
// it. A secret is never printed: not a password the file holds, not one inside a URL.
import { showControlCharacters, type EnvChange } from '@autoconf/core';

// Keys whose values are secrets by their name (SMTP_PASS, MAIL_PASSWORD, API_KEY, …).
const SECRET_KEY = /pass|secret|token|key|credential|auth/i;
// The password in a URL's userinfo: scheme://user:password@host.
const URL_PASSWORD = /(\/\/[^/?#@:\s]*):[^/?#@\s]*@/g;
const HIDDEN = '(hidden)';

export function maskValue(key: string, value: string | undefined): string {
  if (value === undefined) return '(not set)';
  if (SECRET_KEY.test(key)) return value === '' ? '(empty)' : HIDDEN;
  return showControlCharacters(JSON.stringify(value.replace(URL_PASSWORD, `$1:${HIDDEN}@`)));
}

/** `autoconf: .env already holds other values for these keys (old → new):` and a line each. */
export function describeConflicts(fileName: string, conflicts: readonly EnvChange[]): string {
  if (conflicts.length === 0) return '';
  const width = Math.max(...conflicts.map((change) => change.key.length)) + 2;
  const lines = conflicts.map((change) => `  ${showControlCharacters(change.key).padEnd(width)}${maskValue(change.key, change.old)} → ${maskValue(change.key, change.new)}`);
  return `autoconf: ${showControlCharacters(fileName)} already holds other values for these keys (old → new):\n${lines.join('\n')}\n`;
}
