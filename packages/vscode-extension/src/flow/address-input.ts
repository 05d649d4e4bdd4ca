// The address box of "Detect mail settings…": core's checks as the user types, the last address
// typed already in the box, and "did you mean …?" for a provider domain one typo away. The
// suggestion is asked, never applied: a typo'd domain may exist, and may belong to someone
// who registered it to catch mail.
import { isAutoconfError, parseAddress, suggestDomain } from '@autoconf/core';
import { t } from './l10n.js';
import type { Ui } from './ui.js';

/** The last address typed, kept by the host (workspace or global state). */
export interface AddressMemory {
  last(): string | undefined;
  remember(address: string): Promise<void>;
}

/** The message for a bad address, or undefined when core accepts it. */
export function validateAddress(value: string): string | undefined {
  try {
    parseAddress(value.trim());
    return undefined;
  } catch (error) {
    if (isAutoconfError(error)) return error.message;
    throw error;
  }
}

/** `bob@gmail.com` for `bob@gmial.com`; undefined when there is nothing to suggest. */
export function suggestAddress(address: string): string | undefined {
  try {
    const parsed = parseAddress(address);
    const domain = suggestDomain(parsed.domain);
    return domain === undefined ? undefined : `${parsed.localPart}@${domain}`;
  } catch (error) {
    if (isAutoconfError(error)) return undefined;
    throw error;
  }
}

/** The address to detect, trimmed; undefined when the user closed a question. */
export async function askAddress(ui: Ui, memory?: AddressMemory): Promise<string | undefined> {
  const last = memory?.last();
  const typed = await ui.input({
    title: t('Detect mail settings'),
    prompt: t('The email address to find the SMTP and IMAP settings for'),
    placeHolder: 'you@example.com',
    ...(last === undefined ? {} : { value: last }),
    validate: validateAddress,
  });
  if (typed === undefined) return undefined;
  const address = typed.trim();
  const suggestion = suggestAddress(address);
  const chosen = suggestion === undefined ? address : await ui.pick<string>({
    title: t('Did you mean {0}?', suggestion),
    placeHolder: t('{0} is one typo away from {1}, a big mail provider.', address.slice(address.lastIndexOf('@') + 1), suggestion.slice(suggestion.lastIndexOf('@') + 1)),
    items: [
      { label: t('Use {0}', suggestion), value: suggestion },
      { label: t('Keep {0}', address), description: t('the domain as typed'), value: address },
    ],
  });
  if (chosen !== undefined) await memory?.remember(chosen);
  return chosen;
}
