// The CLI as a function, so tests run it in-process.
import { parseAddress, isAutoconfError } from '@autoconf/core';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, address] = argv;
  if (command !== 'detect' || address === undefined) {
    io.stderr('usage: autoconf detect <address>\n');
    return 2;
  }
  try {
    const parsed = parseAddress(address);
    io.stdout(`${parsed.addressUnicode}\n`);
    return 0;
  } catch (error) {
    if (isAutoconfError(error)) {
      io.stderr(`autoconf: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
