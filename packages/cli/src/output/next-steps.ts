// What a person at a terminal usually does after a good detection, as commands to copy: only
// after the human report on a terminal (never piped, never with --json, --format or --quiet).
import type { Colors } from '../color.js';

// Characters a POSIX shell reads literally; anything else gets single quotes.
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface NextStepContext {
  address: string;
  /** --write was given: writing is done, so it is not suggested again. */
  wrote: boolean;
  /** --verify-login ran. */
  loggedIn: boolean;
}

export function renderNextSteps({ address, wrote, loggedIn }: NextStepContext, c: Colors): string {
  const command = `autoconf detect ${shellWord(address)}`;
  const steps: Array<[string, string]> = [];
  if (!wrote) steps.push([`${command} --write env`, 'merge into ./.env (or --format nodemailer; all: autoconf formats)']);
  if (!loggedIn) steps.push([`${command} --verify-login`, 'check that your password works (asks for it)']);
  if (steps.length === 0) return '';
  const width = Math.max(...steps.map(([text]) => text.length)) + 2;
  return `\n${c.bold('Next:')}\n${steps.map(([text, why]) => `  ${text.padEnd(width)}${c.dim(why)}`).join('\n')}\n`;
}
