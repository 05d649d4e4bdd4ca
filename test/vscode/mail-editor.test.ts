// The editor features on mail config files, without VS Code: diagnostics on the key to change,
// severities, the debounce, quick-fix edits (exact resulting text) and the hover sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDebouncer, diagnoseText, keyRange, type Timers } from 'autoconf-vscode/internal/flow/mail-diagnostics.js';
import { applyEdit, fixEnv, fixJs, fixTitle } from 'autoconf-vscode/internal/flow/mail-fixes.js';
import { envKeyAt, hoverText } from 'autoconf-vscode/internal/flow/mail-hover.js';

const ENV = '# mail\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\n  SMTP_SECURE=true\nAPP_KEY=abc\n';

test('.env: secure on 587 is an Error on SMTP_SECURE, with the message, the fix and the change', async () => {
  const diagnostics = await diagnoseText('/p/.env', ENV);
  const wrong = diagnostics.find((d) => d.code === 'tls-on-starttls-port');
  assert.ok(wrong, JSON.stringify(diagnostics));
  assert.equal(wrong.severity, 'error');
  assert.deepEqual(wrong.range, { line: 3, start: 2, end: 13 });
  assert.match(wrong.message, /wrong version number/);
  assert.match(wrong.message, /Fix: Use STARTTLS/);
  assert.deepEqual(wrong.changes.map((c) => [c.key, c.to]), [['SMTP_SECURE', 'false'], ['SMTP_REQUIRE_TLS', 'true']]);
});

test('severities: high → error, medium → warning; an unresolved reference sits on its key', async () => {
  const text = 'SMTP_HOST=${RELAY}\nSMTP_PORT=25\nSMTP_SECURE=false\nSMTP_REQUIRE_TLS=true\n';
  const diagnostics = await diagnoseText('/p/.env', text);
  const port25 = diagnostics.find((d) => d.code === 'port-25');
  assert.equal(port25?.severity, 'warning');
  assert.deepEqual(port25?.range, { line: 1, start: 0, end: 9 });
  assert.deepEqual(port25?.changes.map((c) => [c.key, c.to]), [['SMTP_SECURE', 'false'], ['SMTP_REQUIRE_TLS', 'true'], ['SMTP_PORT', '587']]);
  const unresolved = diagnostics.find((d) => d.code === 'unresolved-reference');
  assert.equal(unresolved?.severity, 'warning');
  assert.deepEqual(unresolved?.range, { line: 0, start: 0, end: 9 });
  assert.deepEqual(unresolved?.changes, [], 'no quick fix for a missing variable');
  assert.deepEqual(await diagnoseText('/p/.env', 'SMTP_HOST=h\nSMTP_PORT=587\nSMTP_SECURE=false\nSMTP_REQUIRE_TLS=true\n'), []);
});

test('a source calling createTransport: the range is the option\'s key; other sources and files are not read', async () => {
  const source = "import nodemailer from 'nodemailer';\nexport const t = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port: 465,\n  secure: false,\n});\n";
  const diagnostics = await diagnoseText('/p/src/mail.ts', source);
  const wrong = diagnostics.find((d) => d.code === 'plain-on-implicit-port');
  assert.equal(wrong?.severity, 'error');
  assert.deepEqual(wrong?.range, { line: 4, start: 2, end: 8 });
  assert.deepEqual(await diagnoseText('/p/src/other.ts', 'export const port = 465;\n'), []);
  assert.deepEqual(await diagnoseText('/p/README.md', ENV), []);
});

test('keyRange: a dotted key is found by its last part; a key not on the line marks the line', () => {
  assert.deepEqual(keyRange('a\n  tls: { rejectUnauthorized: false },\n', 2, 'tls.rejectUnauthorized'), { line: 1, start: 9, end: 27 });
  assert.deepEqual(keyRange('x\n    other: 1  \n', 2, 'secure'), { line: 1, start: 4, end: 12 });
});

test('the debounce runs only the last change of a burst, 300 ms after it', () => {
  let now = 0;
  const timers: Array<{ at: number; run: () => void; cleared: boolean }> = [];
  const fake: Timers = {
    setTimeout: (run, ms) => {
      const timer = { at: now + ms, run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => { (handle as { cleared: boolean }).cleared = true; },
  };
  const tick = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((x) => !x.cleared && x.at <= now)) {
      timer.cleared = true;
      timer.run();
    }
  };
  const runs: string[] = [];
  const debounce = createDebouncer(300, fake);
  debounce.schedule('a', () => runs.push('a1'));
  tick(200);
  debounce.schedule('a', () => runs.push('a2'));
  debounce.schedule('b', () => runs.push('b1'));
  tick(299);
  assert.equal(runs.join(), '', 'nothing before 300 ms of quiet');
  tick(1);
  assert.deepEqual(runs, ['a2', 'b1']);
  debounce.schedule('a', () => runs.push('a3'));
  debounce.cancel('a');
  tick(1000);
  assert.deepEqual(runs, ['a2', 'b1']);
});

test('quick fix on .env: SMTP_SECURE=false in place and SMTP_REQUIRE_TLS=true added; every other line stays', async () => {
  const [wrong] = await diagnoseText('/p/.env', ENV);
  const edit = fixEnv(ENV, wrong!.changes);
  assert.ok(edit);
  assert.equal(applyEdit(ENV, edit), '# mail\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\n  SMTP_SECURE=false\nAPP_KEY=abc\n\nSMTP_REQUIRE_TLS=true\n');
  assert.equal(fixTitle('env', wrong!.changes), 'Change to SMTP_SECURE=false, SMTP_REQUIRE_TLS=true');
  assert.equal(fixEnv(applyEdit(ENV, edit), wrong!.changes), undefined, 'applied twice, nothing changes');
});

test('quick fix in a source: 587 + secure: true → secure: false + requireTLS: true on its own line', async () => {
  const source = "const transport = nodemailer.createTransport({\n    host: 'smtp.example.com',\n    port: 587,\n    secure: true,\n    auth: { user: 'u', pass: process.env.SMTP_PASS },\n});\n";
  const wrong = (await diagnoseText('/p/mail.js', source)).find((d) => d.code === 'tls-on-starttls-port');
  assert.ok(wrong);
  const edit = fixJs(source, '/p/mail.js', wrong.range.line + 1, wrong.changes);
  assert.ok(edit);
  assert.equal(applyEdit(source, edit), "const transport = nodemailer.createTransport({\n    host: 'smtp.example.com',\n    port: 587,\n    secure: false,\n    requireTLS: true,\n    auth: { user: 'u', pass: process.env.SMTP_PASS },\n});\n");
  assert.equal(fixTitle('nodemailer', wrong.changes), 'Change to secure: false, requireTLS: true');
  const fixed = applyEdit(source, edit);
  assert.deepEqual((await diagnoseText('/p/mail.js', fixed)).filter((d) => d.severity === 'error'), []);
});

test('quick fix in a source: 465 + secure: false → secure: true; inline objects and an existing requireTLS', async () => {
  const source = "const options = { host: 'h', port: 465, secure: false };\nexport default createTransport(options);\n";
  const wrong = (await diagnoseText('/p/mail.ts', source)).find((d) => d.code === 'plain-on-implicit-port');
  assert.ok(wrong);
  assert.equal(applyEdit(source, fixJs(source, '/p/mail.ts', wrong.range.line + 1, wrong.changes)!), "const options = { host: 'h', port: 465, secure: true };\nexport default createTransport(options);\n");

  const inline = "createTransport({ host: 'h', port: 587, secure: true, auth })\n";
  const [first] = await diagnoseText('/p/a.js', inline);
  assert.equal(applyEdit(inline, fixJs(inline, '/p/a.js', 1, first!.changes)!), "createTransport({ host: 'h', port: 587, secure: false, requireTLS: true, auth })\n");

  const last = "createTransport({ host: 'h', port: 587, secure: true })\n";
  const [again] = await diagnoseText('/p/a.js', last);
  assert.equal(applyEdit(last, fixJs(last, '/p/a.js', 1, again!.changes)!), "createTransport({ host: 'h', port: 587, secure: false, requireTLS: true })\n");

  const present = "createTransport({\n  host: 'h',\n  port: 587,\n  secure: false,\n  requireTLS: false\n})\n";
  const opportunistic = (await diagnoseText('/p/a.js', present)).find((d) => d.code === 'opportunistic-starttls');
  assert.ok(opportunistic);
  assert.deepEqual(opportunistic.range, { line: 4, start: 2, end: 12 });
  assert.equal(applyEdit(present, fixJs(present, '/p/a.js', 5, opportunistic.changes)!), "createTransport({\n  host: 'h',\n  port: 587,\n  secure: false,\n  requireTLS: true\n})\n");
});

test('hover: one sentence for the mode keys, nothing for other keys or off the key', () => {
  assert.equal(hoverText('SMTP_SECURE'), 'true: implicit TLS from the first byte (port 465); false: STARTTLS, which SMTP_REQUIRE_TLS=true makes mandatory.');
  assert.match(hoverText('SMTP_REQUIRE_TLS') ?? '', /STARTTLS/);
  assert.match(hoverText('EMAIL_USE_SSL') ?? '', /implicit TLS/);
  assert.match(hoverText('MAIL_SCHEME') ?? '', /smtps is implicit TLS/);
  assert.match(hoverText('MAILER_DSN') ?? '', /Symfony/);
  assert.equal(hoverText('APP_KEY'), undefined);
  assert.equal(hoverText('SMTP_WHATEVER'), undefined);
  assert.deepEqual(envKeyAt('export SMTP_SECURE=true', 10), { key: 'SMTP_SECURE', start: 7, end: 18 });
  assert.equal(envKeyAt('SMTP_SECURE=true', 14), undefined, 'on the value, not the key');
  assert.equal(envKeyAt('# SMTP_SECURE=true', 4), undefined);
});
