// The output channel shows login replies, host names and messages that servers wrote. Every
// string logged goes through core's showControlCharacters first, as the CLI's output does, so
// a bidi override or an escape sequence is shown by name instead of reordering the line.
import { showControlCharacters } from '@autoconf/core';
import type { LogOutputChannel } from 'vscode';

const TEXT_METHODS: ReadonlySet<PropertyKey> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

export function withVisibleControls(log: LogOutputChannel): LogOutputChannel {
  return new Proxy(log, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!TEXT_METHODS.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        (value as (...args: unknown[]) => unknown).apply(target, args.map((arg) => (typeof arg === 'string' ? showControlCharacters(arg) : arg)));
    },
  });
}
