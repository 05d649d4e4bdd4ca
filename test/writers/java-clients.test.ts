// Jakarta Mail (Debian libjakarta-mail-java 2.0) with the generated Spring Boot properties:
// a tiny program, compiled with javac at test time, does what Spring's JavaMailSenderImpl
// does — spring.mail.properties.* become the Session properties, ${VAR} placeholders come
// from the environment, then connect(host, port, username, password). The JVM trusts the
// test CA through a PKCS12 truststore made with keytool.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { springBootWriter } from '@autoconf/core/internal/writers/spring-boot.js';
import {
  PASSWORD, RECIPIENT, USER, assertDelivered, assertRefusedWithoutPassword, binary, describeRun, installedFile, missingClients, resetSinks,
  runClient, startHarness, type Harness,
} from './client-harness.js';

const JARS = ['/usr/share/java/jakarta-mail.jar', '/usr/share/java/jakarta-activation.jar'];
const skip = missingClients(
  binary('javac', 'default-jdk-headless'),
  binary('keytool', 'default-jdk-headless'),
  ...JARS.map((jar) => installedFile(jar, 'libjakarta-mail-java')),
);

const PROGRAM = `
import jakarta.mail.*;
import jakarta.mail.internet.*;
import java.io.*;
import java.util.*;
import java.util.regex.*;

public class SendSpring {
  static String resolve(String value) {
    if (value == null) return null;
    Matcher m = Pattern.compile("\\\\$\\\\{([A-Za-z0-9_]+)\\\\}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(System.getenv(m.group(1))));
    m.appendTail(out);
    return out.toString();
  }

  public static void main(String[] args) throws Exception {
    Properties spring = new Properties();
    try (InputStream in = new FileInputStream(args[0])) { spring.load(in); }
    Properties session = new Properties();
    String prefix = "spring.mail.properties.";
    for (String key : spring.stringPropertyNames()) {
      if (key.startsWith(prefix)) session.put(key.substring(prefix.length()), resolve(spring.getProperty(key)));
    }
    session.put("mail.smtp.connectiontimeout", "10000");
    session.put("mail.smtp.timeout", "10000");
    Session mail = Session.getInstance(session);
    MimeMessage message = new MimeMessage(mail);
    message.setFrom(new InternetAddress("${USER}"));
    message.setRecipients(Message.RecipientType.TO, "${RECIPIENT}");
    message.setSubject("autoconf");
    message.setText("hello");
    try (Transport transport = mail.getTransport(spring.getProperty("spring.mail.protocol", "smtp"))) {
      transport.connect(resolve(spring.getProperty("spring.mail.host")), Integer.parseInt(spring.getProperty("spring.mail.port")),
          resolve(spring.getProperty("spring.mail.username")), resolve(spring.getProperty("spring.mail.password")));
      transport.sendMessage(message, message.getAllRecipients());
    }
  }
}
`;

describe('Spring Boot writer with the real Jakarta Mail', { skip }, () => {
  let harness: Harness;
  let classpath: string;
  let truststore: string;
  before(async () => {
    harness = await startHarness();
    writeFileSync(join(harness.dir, 'SendSpring.java'), PROGRAM);
    const compiled = await runClient('javac', ['-cp', JARS.join(':'), '-d', harness.dir, join(harness.dir, 'SendSpring.java')]);
    assert.equal(compiled.code, 0, describeRun(compiled));
    truststore = join(harness.dir, 'trust.p12');
    const imported = await runClient('keytool', [
      '-importcert', '-noprompt', '-alias', 'autoconf-test-ca', '-file', harness.caFile,
      '-keystore', truststore, '-storetype', 'PKCS12', '-storepass', 'changeit',
    ]);
    assert.equal(imported.code, 0, describeRun(imported));
    classpath = [...JARS, harness.dir].join(':');
  });
  after(() => harness.close());

  function run(text: string, store = truststore) {
    resetSinks(harness);
    const file = harness.file('application.properties', text);
    return runClient('java', [
      `-Djavax.net.ssl.trustStore=${store}`, '-Djavax.net.ssl.trustStorePassword=changeit', '-Djavax.net.ssl.trustStoreType=PKCS12',
      '-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', classpath, 'SendSpring', file,
    ], { env: { SMTP_PASS: PASSWORD } });
  }
  const render = (s: 'tls' | 'starttls', server?: 'no-tls') => springBootWriter.render(harness.input(s, { server }));

  it('sends over implicit TLS', async () => {
    assertDelivered(harness.sinks.tls, await run(render('tls')));
  });
  it('sends over STARTTLS', async () => {
    assertDelivered(harness.sinks.starttls, await run(render('starttls')));
  });
  it('refuses a server that hides STARTTLS, password never sent', async () => {
    const result = await run(render('starttls', 'no-tls'));
    assertRefusedWithoutPassword(harness.sinks['no-tls'], result);
    assert.match(result.stderr, /STARTTLS is required/);
  });
});
