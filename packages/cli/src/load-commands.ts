// Where bin.ts gets the commands from. From source (tests, tsx) they are plain modules; the
// build swaps this file for load-commands-cached.ts, which loads the bundle with V8's code cache.
import type { Io } from './io.js';

export interface Commands {
  run(argv: readonly string[], io: Io): Promise<number>;
  createProcessIo(controller: AbortController): Io;
}

export async function loadCommands(): Promise<Commands> {
  const [{ run }, { createProcessIo }] = await Promise.all([import('./run.js'), import('./process-io.js')]);
  return { run, createProcessIo };
}
