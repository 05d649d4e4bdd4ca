// What the CLI needs from the outside world, so tests can run it in-process.

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, read only by the commands that need it (`batch -`, `--password-stdin`). */
  stdin(): AsyncIterable<string | Uint8Array>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (`--out`, `--ca-file`, batch files) resolve against it. */
  cwd: string;
  /** Fires on Ctrl-C: the run stops its work and returns 130. */
  signal?: AbortSignal;
  /** Reads a secret without echo; only offered on a terminal. */
  promptSecret?(question: string): Promise<string>;
  /** Asks a yes/no question (default no); only offered on a terminal. */
  confirm?(question: string): Promise<boolean>;
}

export async function readAll(source: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of source) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
