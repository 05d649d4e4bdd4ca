// Every registered writer, fed hostile usernames and passwords (line breaks, quotes, `$(…)`,
// `${…}`, backticks, `%`, `#`, `;`, backslashes, bidi overrides, NUL), and each output read
// back by the real program that will read it: bash `.`, node's env-file parser, python-dotenv,
// phpdotenv, Symfony Dotenv, java.util.Properties, Ruby, Python, PHP with PHPMailer, git
// config, neomutt, and msmtp and mbsync logging in to a server that records what arrives.
// Each value either comes back exactly or the writer refused it with WRITER_UNSAFE_VALUE,
// and no command hidden in a value ever runs (a canary file would appear).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WRITERS } from '@autoconf/core/internal/writers/registry.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { hasControlCharacters } from '@autoconf/core/internal/text/control-characters.js';
import type { Writer, WriterInput } from '@autoconf/core/internal/writers/types.js';
import { startLineServer, type LineServer } from '../helpers/line-server.js';
import {
  MESSAGE, RECIPIENT, binary, describeRun, installedFile, missingClients, pythonModule, resetSinks, runClient, startHarness, type Harness,
} from './client-harness.js';
import {
  readGitConfig, readJavaProperties, readNeomutt, readNodeModule, readPhpMailer, readPythonModules, readPythonXml, readRailsSnippets,
  readUrlUserinfo, readWithBash, readWithNodeEnvFile, readWithPhpDotenv, readWithPythonDotenv, readWithSymfonyDotenv, type ReadResult, type Values,
} from './hostile-readers.js';

type Field = 'user' | 'pass';
interface Case {
  writer: Writer;
  field: Field;
  value: string;
  file: string;
}
/** What a reader understood, per case: the username and password it will use. */
type Understood = { user?: string; pass?: string } | { error: string };

const PHP = '/usr/share/php';
const skip = missingClients(
  binary('bash', 'bash'),
  binary('php', 'php-cli'),
  binary('java', 'default-jdk-headless'),
  binary('ruby', 'ruby'),
  binary('git', 'git'),
  binary('msmtp', 'msmtp'),
  binary('mbsync', 'isync'),
  binary('neomutt', 'neomutt'),
  pythonModule('dotenv', 'python3-dotenv'),
  installedFile(`${PHP}/Dotenv/autoload.php`, 'php-vlucas-phpdotenv'),
  installedFile(`${PHP}/Symfony/Component/Dotenv/autoload.php`, 'php-symfony-dotenv'),
  installedFile(`${PHP}/libphp-phpmailer/autoload.php`, 'libphp-phpmailer'),
);

const BENIGN_PASSWORD = 'benign-Passw0rd';

function hostileValues(canary: string): string[] {
  return [
    'line\npasswordeval "touch ' + canary + '"',
    'carriage\rreturn',
    'nul\u0000byte',
    'esc\u001b]52;c;cm0gLXJm\u0007',
    'rlo\u202Eevil',
    'del\u007fc1\u0085',
    "single'quote",
    'double"quote',
    'back`touch ' + canary + '`tick',
    '$(touch ' + canary + ')',
    '${HOME}',
    '$HOME',
    '100%done %s %n',
    'hash #tag',
    'semi;colon',
    'back\\slash',
    'trailing\\',
    '  spaces around  ',
    '~tilde',
    "it's $(touch " + canary + ')',
    'q\'"both',
    '"wrapped in quotes"',
    'é ünïcödé ☃ 😀',
  ];
}

// Values a format has no safe spelling for, besides controls and bidi characters, which no
// line-based format holds. Anything not listed here must round-trip.
// No single quotes around a ' (or, for python-dotenv, a \\\\ or a final \\), no double quotes
// around $, `, " or \\ (substitution, and escapes that differ between loaders).
// python-dotenv 0.21 expands ${…} even in single quotes.
const ENV_REFUSES = (value: string) => value.includes('${') || (/'|\\\\|\\$/.test(value) && /[$`"\\]/.test(value));
const EXTRA_REFUSALS: Record<string, (value: string, field: Field) => boolean> = {
  env: ENV_REFUSES,
  laravel: ENV_REFUSES,
  'spring-boot': (value) => value.includes('${'),
};

function mayRefuse(writer: Writer, value: string, field: Field): boolean {
  const lineBased = !['nodemailer', 'nodemailer-json', 'dotnet', 'django', 'python-smtplib', 'rails', 'phpmailer', 'symfony', 'nodemailer-url', 'aerc'].includes(writer.id);
  if (lineBased && hasControlCharacters(value)) return true;
  return EXTRA_REFUSALS[writer.id]?.(value, field) ?? false;
}

function pick(values: ReadResult, user: string | undefined, pass: string | undefined): Understood {
  if ('error' in values && typeof values.error === 'string' && Object.keys(values).length === 1) return { error: values.error };
  const v = values as Values;
  return { user: user === undefined ? undefined : v[user], pass: pass === undefined ? undefined : v[pass] };
}

function fromUrl(values: ReadResult, key: string): Understood {
  if ('error' in values && Object.keys(values).length === 1) return { error: String(values.error) };
  try {
    return readUrlUserinfo((values as Values)[key]) ?? { error: `${key} missing` };
  } catch (error) {
    return { error: String(error) };
  }
}

const ENV_KEYS: Record<string, (values: ReadResult) => Understood> = {
  env: (values) => pick(values, 'SMTP_USER', 'SMTP_PASS'),
  laravel: (values) => pick(values, 'MAIL_USERNAME', 'MAIL_PASSWORD'),
  symfony: (values) => fromUrl(values, 'MAILER_DSN'),
  'nodemailer-url': (values) => fromUrl(values, 'SMTP_URL'),
};

describe('every writer with hostile values, read back by the real client or loader', { skip }, () => {
  let harness: Harness;
  let imap: LineServer;
  let canary: string;
  let work: string;
  let cases: Case[] = [];
  const refused: Array<{ writer: string; field: Field; value: string }> = [];
  /** writer id → reader name → understood values, per case in `cases` order. */
  const readings = new Map<Case, Map<string, Understood>>();

  function record(testCase: Case, reader: string, understood: Understood): void {
    const map = readings.get(testCase) ?? new Map<string, Understood>();
    map.set(reader, understood);
    readings.set(testCase, map);
  }

  function inputFor(writer: Writer, field: Field, value: string): WriterInput {
    const base = harness.input('tls', { password: field === 'pass' ? value : BENIGN_PASSWORD });
    const smtp = base.recommended.smtp;
    assert.ok(smtp !== undefined);
    const username = field === 'user' ? value : 'alice@example.test';
    return {
      ...base,
      recommended: {
        smtp: { ...smtp, username },
        imap: { protocol: 'imap', host: imap.host, port: imap.port, security: 'tls', authMethods: ['password-cleartext'], verified: true, username },
      },
    } as WriterInput;
  }

  before(async () => {
    harness = await startHarness();
    const cert = harness.ca.issue({ names: ['127.0.0.1'] });
    imap = await startLineServer({
      greeting: '* OK [CAPABILITY IMAP4rev1] ready',
      tls: { cert },
      implicitTls: true,
      rules: [
        { match: /^\S+ CAPABILITY/i, reply: ['* CAPABILITY IMAP4rev1', '{tag} OK done'] },
        { match: /^\S+ LOGIN /i, reply: '{tag} NO [AUTHENTICATIONFAILED] recorded', then: 'close' },
        { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK'], then: 'close' },
      ],
    });
    work = join(harness.dir, 'hostile');
    mkdirSync(work, { recursive: true });
    canary = join(work, 'CANARY-a-command-ran');
    const values = hostileValues(canary);
    let n = 0;
    for (const writer of WRITERS) {
      for (const field of ['user', 'pass'] as const) {
        if (field === 'pass' && writer.id === 'thunderbird-autoconfig') continue; // never holds secrets
        for (const value of values) {
          let text: string;
          try {
            text = writer.render(inputFor(writer, field, value));
          } catch (error) {
            assert.ok(isAutoconfError(error, 'WRITER_UNSAFE_VALUE'), `${writer.id} ${field} ${JSON.stringify(value)}: ${String(error)}`);
            assert.ok(mayRefuse(writer, value, field), `${writer.id} refused ${field} ${JSON.stringify(value)}, which it can write safely`);
            refused.push({ writer: writer.id, field, value });
            continue;
          }
          const dir = join(work, `${n++}`);
          mkdirSync(dir);
          const file = join(dir, writer.defaultFileName.replace(/.*\//, ''));
          writeFileSync(file, text, { mode: 0o600 });
          cases.push({ writer, field, value, file });
        }
      }
    }
  });

  after(async () => {
    await imap?.close();
    await harness?.close();
  });

  const of = (id: string) => cases.filter((c) => c.writer.id === id);

  it('.env targets: bash, node --env-file, python-dotenv, phpdotenv and Symfony Dotenv all read the same exact values', async () => {
    const envCases = cases.filter((c) => c.writer.id in ENV_KEYS);
    assert.ok(envCases.length > 0);
    const files = envCases.map((c) => c.file);
    const [bash, python, php, symfony] = await Promise.all([
      readWithBash(files, work), readWithPythonDotenv(files, work), readWithPhpDotenv(files, work), readWithSymfonyDotenv(files, work),
    ]);
    for (const [index, c] of envCases.entries()) {
      const extract = ENV_KEYS[c.writer.id];
      assert.ok(extract !== undefined);
      record(c, 'bash', extract(bash[index] ?? { error: 'no result' }));
      record(c, 'node --env-file', extract(readWithNodeEnvFile(readFileSync(c.file, 'utf8'))));
      record(c, 'python-dotenv', extract(python[index] ?? { error: 'no result' }));
      record(c, 'phpdotenv', extract(php[index] ?? { error: 'no result' }));
      record(c, 'symfony/dotenv', extract(symfony[index] ?? { error: 'no result' }));
    }
  });

  it('code and data files: Node, JSON, Python, Ruby, PHP (PHPMailer), Java Properties, XML', async () => {
    for (const c of of('nodemailer')) {
      const target = c.file.replace(/\.mjs$/, '') + `-${Math.random().toString(36).slice(2)}.mjs`;
      writeFileSync(target, readFileSync(c.file));
      record(c, 'node import', pick(await readNodeModule(target), 'user', 'pass'));
    }
    for (const c of of('nodemailer-json')) {
      const json = JSON.parse(readFileSync(c.file, 'utf8')) as { auth: Values };
      record(c, 'JSON.parse', { user: json.auth.user, pass: json.auth.pass });
    }
    for (const c of of('dotnet')) {
      // The .NET JSON configuration provider skips // comment lines.
      const json = JSON.parse(readFileSync(c.file, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as Record<string, Values>;
      record(c, 'JSON (.NET comments)', { user: json.Smtp?.Username, pass: json.Smtp?.Password });
    }
    const django = of('django');
    (await readPythonModules(django.map((c) => c.file), work)).forEach((values, i) => record(django[i] as Case, 'python', pick(values, 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD')));
    const smtplib = of('python-smtplib');
    (await readPythonModules(smtplib.map((c) => c.file), work)).forEach((values, i) => record(smtplib[i] as Case, 'python', pick(values, 'SMTP_USER', 'LOGIN_PASSWORD')));
    const rails = of('rails');
    (await readRailsSnippets(rails.map((c) => c.file), work)).forEach((values, i) => record(rails[i] as Case, 'ruby', pick(values, 'user', 'pass')));
    const spring = of('spring-boot');
    (await readJavaProperties(spring.map((c) => c.file), work)).forEach((values, i) =>
      record(spring[i] as Case, 'java.util.Properties', pick(values, 'spring.mail.username', 'spring.mail.password')));
    const thunderbird = of('thunderbird-autoconfig');
    (await readPythonXml(thunderbird.map((c) => c.file), work)).forEach((values, i) => record(thunderbird[i] as Case, 'ElementTree', pick(values, 'username', undefined)));
    for (const c of of('phpmailer')) record(c, 'php + PHPMailer', pick(await readPhpMailer(c.file, work), 'user', 'pass'));
  });

  it('command-line clients: git config, neomutt, and msmtp and mbsync logging in', async () => {
    for (const c of of('git-send-email')) {
      // git lower-cases section and key names in --list.
      record(c, 'git config', pick(await readGitConfig(c.file, work), 'sendemail.smtpuser', 'sendemail.smtppass'));
    }
    for (const c of of('neomutt')) {
      const values = await readNeomutt(c.file, ['smtp_url', 'smtp_pass', 'imap_pass'], work);
      const url = fromUrl(values, 'smtp_url');
      record(c, 'neomutt -Q', 'error' in url ? url : { user: url.user, pass: (values as Values).smtp_pass });
      if (c.field === 'pass') record(c, 'neomutt -Q imap_pass', pick(values, undefined, 'imap_pass'));
    }
    // aerc needs a terminal to start: its URLs are read as RFC 3986 URLs, the way it parses them.
    for (const c of of('aerc')) {
      const text = readFileSync(c.file, 'utf8');
      const outgoing = /^outgoing = (.*)$/m.exec(text)?.[1];
      const source = /^source = (.*)$/m.exec(text)?.[1];
      record(c, 'outgoing URL', readUrlUserinfo(outgoing) ?? { error: 'no outgoing' });
      record(c, 'source URL', readUrlUserinfo(source) ?? { error: 'no source' });
    }
    for (const c of of('msmtp')) {
      resetSinks(harness);
      const run = await runClient('msmtp', ['-C', c.file, `--tls-trust-file=${harness.caFile}`, RECIPIENT], { stdin: MESSAGE, cwd: work, env: { HOME: work } });
      const auth = harness.sinks.tls.auths[0];
      record(c, 'msmtp login', auth === undefined ? { error: `no AUTH arrived: ${describeRun(run)}` } : { user: auth.username, pass: auth.password });
    }
    for (const c of of('mbsync')) {
      const before = imap.lines.length;
      // The trust anchor for the test CA, beside the generated SystemCertificates line.
      const config = readFileSync(c.file, 'utf8').replace('SystemCertificates yes', `SystemCertificates yes\nCertificateFile ${harness.caFile}`);
      writeFileSync(c.file, config);
      const home = join(c.file, '..');
      mkdirSync(join(home, 'Mail', 'example.test'), { recursive: true });
      const run = await runClient('mbsync', ['-c', c.file, '-l', 'example.test'], { cwd: home, env: { HOME: home } });
      const login = imap.lines.slice(before).find((line) => / LOGIN /i.test(line));
      record(c, 'mbsync login', login === undefined ? { error: `no LOGIN arrived: ${describeRun(run)}` } : parseImapLogin(login));
    }
  });

  it('every value came back exactly as written, or was refused with WRITER_UNSAFE_VALUE', (t) => {
    const failures: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const map = readings.get(c);
      if (map === undefined || map.size === 0) {
        failures.push(`${c.writer.id} ${c.field} ${JSON.stringify(c.value)}: no reader ran`);
        continue;
      }
      for (const [reader, understood] of map) {
        const got = 'error' in understood ? `error ${understood.error.slice(0, 300)}` : understood[c.field];
        checked++;
        if (got !== c.value) failures.push(`${c.writer.id} ${c.field} via ${reader}: wrote ${JSON.stringify(c.value)}, read ${JSON.stringify(got)}`);
      }
    }
    assert.deepEqual(failures, []);
    const readers = new Set([...readings.values()].flatMap((map) => [...map.keys()]));
    t.diagnostic(`${checked} read-backs by ${readers.size} readers of ${cases.length} written values; ${refused.length} refused`);
    // The test proves something only if most values were written and read.
    for (const writer of WRITERS) {
      assert.ok(cases.filter((c) => c.writer.id === writer.id).length >= 10, `${writer.id} wrote too few values to be tested`);
    }
    assert.ok(refused.length > 0);
  });

  it('msmtp without a password: the keyring hint in a comment stays a comment (msmtp --pretend)', async () => {
    const msmtp = WRITERS.find((writer) => writer.id === 'msmtp');
    assert.ok(msmtp !== undefined);
    let written = 0;
    for (const value of hostileValues(canary)) {
      const input = inputFor(msmtp, 'user', value);
      let text: string;
      try {
        text = msmtp.render({ ...input, password: undefined });
      } catch (error) {
        assert.ok(isAutoconfError(error, 'WRITER_UNSAFE_VALUE') && hasControlCharacters(value), String(error));
        continue;
      }
      written++;
      const file = join(work, `msmtp-no-password-${written}`);
      writeFileSync(file, text, { mode: 0o600 });
      const run = await runClient('msmtp', ['-C', file, '--pretend', RECIPIENT], { cwd: work, env: { HOME: work } });
      assert.match(run.stdout, /^passwordeval = \(not set\)$/m, describeRun(run));
      assert.match(run.stdout, /^password = \(not set\)$/m, describeRun(run));
    }
    assert.ok(written >= 10);
  });

  it('host names that are not host names are refused by every writer', () => {
    for (const writer of WRITERS) {
      for (const host of ['smtp.example.test\npasswordeval "id"', 'smtp.example.test evil', "smtp'.example.test", 'smtp.example.test\u202e', '']) {
        const input = inputFor(writer, 'user', 'alice@example.test');
        const smtp = input.recommended.smtp;
        assert.ok(smtp !== undefined);
        const hostile = { ...input, recommended: { smtp: { ...smtp, host }, imap: { ...input.recommended.imap!, host } } } as WriterInput;
        assert.throws(() => writer.render(hostile), (error) => isAutoconfError(error, 'WRITER_UNSAFE_VALUE'), `${writer.id} ${JSON.stringify(host)}`);
      }
    }
  });

  it('legal host forms (IPv6 and IPv4 literals, A-labels) are written, bracketed in URLs', () => {
    for (const writer of WRITERS) {
      for (const host of ['::1', '192.0.2.7', 'xn--bcher-kva.example']) {
        const input = inputFor(writer, 'user', 'alice@example.test');
        const text = writer.render({ ...input, recommended: { smtp: { ...input.recommended.smtp!, host }, imap: { ...input.recommended.imap!, host } } } as WriterInput);
        assert.ok(text.includes(host), `${writer.id} ${host}`);
        for (const url of text.match(/\b(?:smtps?|imaps?|pop3s?)(?:\+insecure)?:\/\/[^\s'"]+/g) ?? []) {
          assert.equal(new URL(url).hostname, host.includes(':') ? `[${host}]` : host, `${writer.id}: ${url}`);
        }
      }
    }
  });

  it('no command hidden in a value ran in any reader', () => {
    assert.ok(readings.size > 0, 'the readers ran');
    assert.equal(existsSync(canary), false, 'a reader executed a command from a generated value');
  });
});

/** `tag LOGIN "user" "pass"` (RFC 3501 quoted strings, \\ and \" escaped) or atoms. */
function parseImapLogin(line: string): Understood {
  const args = [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] ?? ''));
  return args.length >= 4 ? { user: args[2], pass: args[3] } : { error: `cannot read ${line}` };
}
