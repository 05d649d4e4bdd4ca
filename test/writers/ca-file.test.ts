// --ca-file reaches the configs: a writer whose format can name a CA file writes it (msmtp
// tls_trust_file, mbsync CertificateFile, neomutt ssl_ca_certificates_file, git send-email
// smtpSslCertPath, smtplib load_verify_locations, nodemailer tls.ca); every other one says in
// a comment that the private CA must be configured. The real clients then trust the private
// CA with nothing more on their command line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WRITERS } from '@autoconf/core/internal/writers/registry.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import type { Writer } from '@autoconf/core/internal/writers/types.js';
import { writerInput } from './writer-input.js';
import {
  MESSAGE, PASSWORD, RECIPIENT, REPO_ROOT, USER, assertDelivered, binary, describeRun, installedFile, missingBinary,
  missingClients, perlModule, resetSinks, runClient, startHarness, type ClientRun, type Harness,
} from './client-harness.js';

const CA_FILE = '/etc/ssl/private/company-ca.pem';
// The setting each format names the CA file with.
const CARRIED: Record<string, RegExp> = {
  msmtp: /^tls_trust_file "\/etc\/ssl\/private\/company-ca\.pem"$/m,
  mbsync: /^CertificateFile "\/etc\/ssl\/private\/company-ca\.pem"$/m,
  neomutt: /^set ssl_ca_certificates_file = "\/etc\/ssl\/private\/company-ca\.pem"$/m,
  'git-send-email': /^\tsmtpSslCertPath = "\/etc\/ssl\/private\/company-ca\.pem"$/m,
  'python-smtplib': /^ {4}context\.load_verify_locations\(cafile="\/etc\/ssl\/private\/company-ca\.pem"\)$/m,
  nodemailer: /^ {2}tls: \{ ca: \[\.\.\.rootCertificates, readFileSync\("\/etc\/ssl\/private\/company-ca\.pem", 'utf8'\)\] \},$/m,
};
// JSON has no comments and no file references: the caller adds tls.ca (README "Config formats").
const NEITHER = new Set(['nodemailer-json']);

const input = writerInput;

for (const writer of WRITERS) {
  describe(`${writer.id} with --ca-file`, () => {
    it(CARRIED[writer.id] ? 'names the CA file in its setting' : 'says in a comment that the private CA must be configured', { skip: NEITHER.has(writer.id) && 'the format has no comments' }, () => {
      const text = writer.render(input({ caFile: CA_FILE }));
      const carried = CARRIED[writer.id];
      if (carried) {
        assert.match(text, carried);
        assert.match(text, /PRIVATE CA: .* below trusts \/etc\/ssl\/private\/company-ca\.pem \(--ca-file\)/);
      } else {
        // XML comments cannot hold "--": the Thunderbird file spells it "- -".
        assert.match(text, /PRIVATE CA: the server's certificate was trusted through \/etc\/ssl\/private\/company-ca\.pem \((--|- -)ca-file\); configure this program to trust that CA too/);
      }
    });
    it('says nothing of a CA without one, and refuses a CA path with a line break', () => {
      const text = writer.render(input());
      assert.doesNotMatch(text, /PRIVATE CA|company-ca/);
      if (NEITHER.has(writer.id)) return;
      assert.throws(() => writer.render(input({ caFile: '/tmp/ca.pem\npasswordeval "evil"' })), (error: unknown) => isAutoconfError(error, 'WRITER_UNSAFE_VALUE'));
    });
  });
}

it('msmtp keeps the system store without a CA file', () => {
  const msmtp = WRITERS.find((writer) => writer.id === 'msmtp') as Writer;
  assert.match(msmtp.render(input()), /^tls_trust_file system$/m);
});

const gitExecPath = (await runClient('git', ['--exec-path'])).stdout.trim();
const gitSendEmailMissing = missingClients(
  binary('git', 'git'),
  installedFile(join(gitExecPath, 'git-send-email'), 'git-email'),
  perlModule('Mail::Address', 'libmailtools-perl'),
  perlModule('IO::Socket::SSL', 'libio-socket-ssl-perl'),
  perlModule('Authen::SASL', 'libauthen-sasl-perl'),
);
const PYTHON = '/usr/bin/python3';
const SMTPLIB = `
import smtp_connect
with smtp_connect.connect(timeout=10) as server:
    server.sendmail(${JSON.stringify(USER)}, [${JSON.stringify(RECIPIENT)}], "Subject: autoconf\\r\\n\\r\\nhello\\r\\n")
`;
const NODEMAILER = `
import { createRequire } from 'node:module';
const nodemailer = createRequire(process.cwd() + '/')('nodemailer');
const { smtpOptions } = await import(process.argv[1]);
await nodemailer.createTransport(smtpOptions).sendMail({ from: ${JSON.stringify(USER)}, to: ${JSON.stringify(RECIPIENT)}, subject: 'autoconf', text: 'hello' });
`;

interface ClientCase {
  id: string;
  skip: string | false;
  /** Sends with the generated file alone: no trust anchor on the command line or in the environment. */
  send(harness: Harness, file: string, home: string): Promise<ClientRun>;
}

const CLIENTS: ClientCase[] = [
  { id: 'msmtp', skip: missingBinary('msmtp', 'msmtp'), send: (_h, file) => runClient('msmtp', ['-C', file, RECIPIENT], { stdin: MESSAGE }) },
  {
    id: 'git-send-email',
    skip: gitSendEmailMissing,
    send(harness, file, home) {
      const patch = harness.file('0001-ca.patch', `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n${MESSAGE.replace(/\r\n/g, '\n')}`);
      return runClient('git', ['send-email', '--confirm=never', '--no-validate', `--from=${USER}`, `--to=${RECIPIENT}`, '--suppress-cc=all', patch], {
        cwd: home,
        env: { HOME: home, GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: USER, GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: USER },
      });
    },
  },
  {
    id: 'neomutt',
    skip: missingBinary('neomutt', 'neomutt'),
    send: (_h, file, home) => runClient('neomutt', ['-n', '-F', file, '-e', 'set record=""', '-s', 'autoconf', '--', RECIPIENT], { stdin: 'hello\n', cwd: home, env: { HOME: home, TERM: 'dumb' } }),
  },
  {
    id: 'python-smtplib',
    skip: missingClients(installedFile(PYTHON, 'python3')),
    // SSL_CERT_FILE points nowhere: only the generated load_verify_locations can trust the CA.
    send: (harness) => runClient(PYTHON, ['-c', SMTPLIB], { env: { PYTHONPATH: harness.dir, PYTHONDONTWRITEBYTECODE: '1', SSL_CERT_FILE: '/nonexistent-ca.pem', SMTP_PASS: PASSWORD } }),
  },
  {
    id: 'nodemailer',
    skip: false,
    send: (_h, file) => runClient(process.execPath, ['--input-type=module', '-e', NODEMAILER, file], { cwd: REPO_ROOT, env: { SMTP_PASS: PASSWORD } }),
  },
];

describe('real clients trust the private CA from the generated config alone', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  for (const client of CLIENTS) {
    const writer = WRITERS.find((w) => w.id === client.id) as Writer;
    const fileName = client.id === 'python-smtplib' ? 'smtp_connect.py' : client.id === 'nodemailer' ? 'smtp-options.mjs' : writer.defaultFileName;
    async function send(caFile: string | undefined): Promise<ClientRun> {
      resetSinks(harness);
      const home = join(harness.dir, `home-ca-${client.id}`);
      mkdirSync(home, { recursive: true });
      const withPassword = client.id === 'python-smtplib' || client.id === 'nodemailer' ? {} : { password: PASSWORD };
      const text = writer.render({ ...harness.input('tls', withPassword), ...(caFile === undefined ? {} : { caFile }) });
      return client.send(harness, harness.file(fileName, text), home);
    }
    it(`${client.id}: sends over TLS to a server of the private CA`, { skip: client.skip }, async () => {
      assertDelivered(harness.sinks.tls, await send(harness.caFile));
    });
    it(`${client.id}: without the CA file the same server is refused (the test can fail)`, { skip: client.skip }, async () => {
      const run = await send(undefined);
      assert.notEqual(run.code, 0, describeRun(run));
      assert.equal(harness.sinks.tls.messages.length, 0);
    });
  }
});
