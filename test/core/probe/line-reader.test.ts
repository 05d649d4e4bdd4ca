import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineReader, LINE_MAX_BYTES } from '@autoconf/core/internal/probe/line-reader.js';
import { createTranscript, redactCommand, TRANSCRIPT_MAX_BYTES } from '@autoconf/core/internal/probe/transcript.js';

function drain(reader: ReturnType<typeof createLineReader>): string[] {
  const lines: string[] = [];
  for (let line = reader.shift(); line !== undefined; line = reader.shift()) lines.push(line);
  return lines;
}

test('lines end in CRLF or a bare LF, split across chunks anywhere', () => {
  const reader = createLineReader();
  const input = Buffer.from('220-first\r\n220-sec');
  assert.equal(reader.push(input), undefined);
  assert.equal(reader.push(Buffer.from('ond\r')), undefined);
  assert.equal(reader.push(Buffer.from('\n220 bare\n\r\n')), undefined);
  assert.deepEqual(drain(reader), ['220-first', '220-second', '220 bare', '']);
});

test('UTF-8 split across chunks is decoded whole', () => {
  const reader = createLineReader();
  const bytes = Buffer.from('220 Grüße\r\n');
  reader.push(bytes.subarray(0, 7));
  reader.push(bytes.subarray(7));
  assert.deepEqual(drain(reader), ['220 Grüße']);
});

test('a line longer than the cap is an error, even without a line end, and input is then ignored', () => {
  const reader = createLineReader();
  assert.equal(reader.push(Buffer.alloc(LINE_MAX_BYTES, 'x')), undefined);
  assert.equal(reader.push(Buffer.from('x')), 'line-too-long');
  assert.equal(reader.error, 'line-too-long');
  assert.equal(reader.push(Buffer.from('ok\r\n')), 'line-too-long');
  assert.equal(reader.shift(), undefined);
});

test('unread lines beyond the queue cap are an error', () => {
  const reader = createLineReader({ queueMaxBytes: 100 });
  assert.equal(reader.push(Buffer.from('a'.repeat(60) + '\r\n')), undefined);
  assert.equal(reader.push(Buffer.from('b'.repeat(60) + '\r\n')), 'queue-full');
});

test('clear() drops queued and partial lines (STARTTLS) and reports how much', () => {
  const reader = createLineReader();
  reader.push(Buffer.from('250-INJECTED\r\n250 partial'));
  assert.ok(reader.clear() >= 'INJECTED'.length);
  reader.push(Buffer.from('\r\n250 next\r\n'));
  assert.deepEqual(drain(reader), ['', '250 next']);
});

test('credentials are redacted from client lines', () => {
  assert.equal(redactCommand('AUTH PLAIN AGFsaWNlAHNlY3JldA=='), 'AUTH PLAIN ***');
  assert.equal(redactCommand('auth login YWxpY2U='), 'auth login ***');
  assert.equal(redactCommand('AUTH LOGIN'), 'AUTH LOGIN');
  assert.equal(redactCommand('a3 LOGIN "alice" "secret"'), 'a3 LOGIN ***');
  assert.equal(redactCommand('a3 AUTHENTICATE PLAIN AGFsaWNl'), 'a3 AUTHENTICATE PLAIN ***');
  assert.equal(redactCommand('PASS secret'), 'PASS ***');
  assert.equal(redactCommand('EHLO [127.0.0.1]'), 'EHLO [127.0.0.1]');
  const transcript = createTranscript(true, performance.now());
  transcript.add('c', 'PASS hunter2');
  transcript.add('s', '+OK');
  assert.deepEqual(transcript.lines()?.map((line) => [line.dir, line.line]), [['c', 'PASS ***'], ['s', '+OK']]);
});

test('the transcript stops at its cap with a note', () => {
  const transcript = createTranscript(true, performance.now());
  const line = 'x'.repeat(1_000);
  for (let i = 0; i < 100; i++) transcript.add('s', line);
  const lines = transcript.lines() ?? [];
  assert.ok(lines.length < 70);
  assert.match(lines[lines.length - 1]?.line ?? '', new RegExp(`truncated at ${TRANSCRIPT_MAX_BYTES}`));
  assert.equal(createTranscript(false, 0).lines(), undefined);
});
