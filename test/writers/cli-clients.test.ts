// msmtp, git send-email and neomutt loading the generated files unchanged; only the trust
// anchor is given on the command line the way each documents it (--tls-trust-file,
// sendemail.smtpSSLCertPath, ssl_ca_certificates_file). These outputs carry the password
// (passed explicitly) so their quoting of `@ : / %` is exercised too.
import { after, before, describe, it } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { msmtpWriter } from '@autoconf/core/internal/writers/msmtp.js';
import { gitSendEmailWriter } from '@autoconf/core/internal/writers/git-send-email.js';
import { neomuttWriter } from '@autoconf/core/internal/writers/neomutt.js';
import type { Writer } from '@autoconf/core/internal/writers/types.js';
import {
  MESSAGE, PASSWORD, RECIPIENT, USER, assertDelivered, assertRefusedWithoutPassword, binary, installedFile, missingBinary,
  missingClients, perlModule, resetSinks, runClient, startHarness, type ClientRun, type Harness,
} from './client-harness.js';

const gitExecPath = (await runClient('git', ['--exec-path'])).stdout.trim();
// git send-email is Perl: addresses need Mail::Address, TLS IO::Socket::SSL, SMTP AUTH Authen::SASL.
const gitSendEmailMissing = missingClients(
  binary('git', 'git'),
  installedFile(join(gitExecPath, 'git-send-email'), 'git-email'),
  perlModule('Mail::Address', 'libmailtools-perl'),
  perlModule('IO::Socket::SSL', 'libio-socket-ssl-perl'),
  perlModule('Authen::SASL', 'libauthen-sasl-perl'),
);

interface ClientCase {
  name: string;
  writer: Writer;
  skip: string | false;
  send(harness: Harness, file: string, home: string): Promise<ClientRun>;
}

const CLIENTS: ClientCase[] = [
  {
    name: 'msmtp',
    writer: msmtpWriter,
    skip: missingBinary('msmtp', 'msmtp'),
    send: (harness, file) =>
      runClient('msmtp', ['-C', file, `--tls-trust-file=${harness.caFile}`, RECIPIENT], { stdin: MESSAGE }),
  },
  {
    name: 'git send-email',
    writer: gitSendEmailWriter,
    skip: gitSendEmailMissing,
    send(harness, file, home) {
      const patch = harness.file('0001-test.patch', `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n${MESSAGE.replace(/\r\n/g, '\n')}`);
      return runClient(
        'git',
        ['-c', `sendemail.smtpSSLCertPath=${harness.caFile}`, 'send-email', '--confirm=never', '--no-validate',
          `--from=${USER}`, `--to=${RECIPIENT}`, '--suppress-cc=all', patch],
        { cwd: home, env: { HOME: home, GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: USER, GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: USER } },
      );
    },
  },
  {
    name: 'neomutt',
    writer: neomuttWriter,
    skip: missingBinary('neomutt', 'neomutt'),
    send: (harness, file, home) =>
      runClient(
        'neomutt',
        ['-n', '-F', file, '-e', `set ssl_ca_certificates_file="${harness.caFile}"`, '-e', 'set record=""', '-s', 'autoconf', '--', RECIPIENT],
        { stdin: 'hello\n', cwd: home, env: { HOME: home, TERM: 'dumb' } },
      ),
  },
];

describe('config writers for command-line clients, with the real clients', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  for (const client of CLIENTS) {
    describe(client.name, { skip: client.skip }, () => {
      function run(security: 'tls' | 'starttls', server?: 'no-tls') {
        resetSinks(harness);
        const home = join(harness.dir, `home-${client.writer.id}`);
        mkdirSync(home, { recursive: true });
        const file = harness.file(client.writer.defaultFileName, client.writer.render(harness.input(security, { server, password: PASSWORD })));
        return client.send(harness, file, home);
      }
      it('sends over implicit TLS', async () => {
        assertDelivered(harness.sinks.tls, await run('tls'));
      });
      it('sends over STARTTLS', async () => {
        assertDelivered(harness.sinks.starttls, await run('starttls'));
      });
      it('refuses a server that hides STARTTLS, password never sent', async () => {
        assertRefusedWithoutPassword(harness.sinks['no-tls'], await run('starttls', 'no-tls'));
      });
    });
  }
});
