// --verify-login's password: from a no-echo prompt on a terminal or from stdin, never from
// a flag (flags end up in shell history and `ps`).
import { AutoconfError } from '@autoconf/core';
import { readAll, type Io } from '../io.js';

export async function readPassword(io: Io, fromStdin: boolean, address: string): Promise<string> {
  if (fromStdin) {
    // One trailing newline is what `echo` and here-strings add; it is not part of the password.
    const password = (await readAll(io.stdin())).replace(/\r?\n$/, '');
    if (password === '') throw new AutoconfError('OPTION_INVALID', '--password-stdin: standard input was empty.');
    return password;
  }
  if (!io.stdinIsTTY || io.promptSecret === undefined) {
    throw new AutoconfError('OPTION_INVALID', '--verify-login needs a password: run it on a terminal or pass --password-stdin.');
  }
  return io.promptSecret(`Password for ${address}: `);
}
