// The extension's output channel never receives raw control or bidi characters from a
// server's reply: they are shown by name, everything else passes through unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogOutputChannel } from 'vscode';
import { withVisibleControls } from 'autoconf-vscode/internal/host/visible-log.js';

test('log lines show controls by name; non-text calls and properties pass through', () => {
  const written: unknown[][] = [];
  const channel = {
    name: 'Autoconf',
    info: (...args: unknown[]) => void written.push(['info', ...args]),
    warn: (...args: unknown[]) => void written.push(['warn', ...args]),
    error: (...args: unknown[]) => void written.push(['error', ...args]),
    show: () => void written.push(['show']),
  } as unknown as LogOutputChannel;
  const log = withVisibleControls(channel);
  const failure = new Error('boom');
  log.info('login check a@b.test: 535 \x1b]52;c;ZXZpbA==\x07 bad\u202Etxt', 42);
  log.warn('plain text');
  log.error(failure);
  log.show();
  assert.equal(log.name, 'Autoconf');
  assert.deepEqual(written, [
    ['info', 'login check a@b.test: 535 ␛]52;c;ZXZpbA==␇ bad<U+202E>txt', 42],
    ['warn', 'plain text'],
    ['error', failure],
    ['show'],
  ]);
});
