// Rails ActionMailer (Debian ruby-actionmailer 6.1 / ruby-mail 2.7): the generated snippet is
// evaluated with `config.action_mailer` bound to ActionMailer::Base, as in an environment
// file. Each case runs in its own process: Ruby adds a CA to a process-wide store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { railsWriter } from '@autoconf/core/internal/writers/rails.js';
import {
  PASSWORD, RECIPIENT, USER, assertDelivered, assertRefusedWithoutPassword, binary, missingClients, resetSinks, runClient,
  rubyLibrary, startHarness, type Harness,
} from './client-harness.js';

const skip = missingClients(binary('ruby', 'ruby'), rubyLibrary('mail', 'ruby-mail'), rubyLibrary('action_mailer', 'ruby-actionmailer'));

const SEND = `
require "action_mailer"
config = Struct.new(:action_mailer).new(ActionMailer::Base)
eval(File.read(ARGV[0]), binding, ARGV[0])
ActionMailer::Base.smtp_settings[:open_timeout] = 10
ActionMailer::Base.smtp_settings[:read_timeout] = 10
class TestMailer < ActionMailer::Base
  def hello
    mail(from: ${JSON.stringify(USER)}, to: ${JSON.stringify(RECIPIENT)}, subject: "autoconf", body: "hello")
  end
end
TestMailer.hello.deliver_now
`;

describe('Rails ActionMailer writer with the real mail gem', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  function run(text: string, caFile = harness.caFile) {
    resetSinks(harness);
    const file = harness.file('production.rb', text);
    return runClient('ruby', ['-e', SEND, file], { env: { SSL_CERT_FILE: caFile, SMTP_PASS: PASSWORD } });
  }
  const render = (s: 'tls' | 'starttls', server?: 'no-tls') => railsWriter.render(harness.input(s, { server }));

  it('sends over implicit TLS', async () => {
    assertDelivered(harness.sinks.tls, await run(render('tls')));
  });
  it('sends over STARTTLS', async () => {
    assertDelivered(harness.sinks.starttls, await run(render('starttls')));
  });
  it('refuses a server that hides STARTTLS, password never sent', async () => {
    assertRefusedWithoutPassword(harness.sinks['no-tls'], await run(render('starttls', 'no-tls')));
  });
  it('refuses a certificate from a CA it was not given', async () => {
    const result = await run(render('tls'), '/nonexistent-ca.pem');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /certificate verify failed/);
    assert.equal(harness.sinks.tls.messages.length, 0);
  });
});
