// Run by resolv-conf-precedence.test.ts inside its own user, mount and network namespaces,
// with the file named by argv[2] bind-mounted over /etc/resolv.conf: a DNS black hole on
// 127.0.0.1:53 counts what detect() asks it, for three resolv.conf/caller combinations.
// Prints one JSON line: per case, how often each question arrived.
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import dnsPacket from 'dns-packet';
import { detect, type DetectOptions } from '@autoconf/core';

const resolvConf = process.argv[2] ?? '';
const received: string[] = [];
const socket = dgram.createSocket('udp4');
socket.on('error', () => undefined);
socket.on('message', (message) => {
  try {
    const question = dnsPacket.decode(message).questions?.[0];
    received.push(`${question?.type} ${question?.name}`);
  } catch {
    received.push('undecodable');
  }
});
await new Promise<void>((resolve) => socket.bind(53, '127.0.0.1', resolve));

// SRV only: its six questions, asked once each by a detection, are all that reaches the server.
const srvOnly: DetectOptions['sources'] = { embedded: false, autoconfig: false, ispdb: false, srv: true, mx: false, autodiscover: false, guess: false };

async function run(fileText: string, options: DetectOptions): Promise<{ perQuestion: Record<string, number>; status: string }> {
  // Written in place: the bind mount keeps pointing at this inode.
  writeFileSync(resolvConf, fileText);
  received.length = 0;
  const report = await detect('someone@dark.test', { sources: srvOnly, ...options });
  const perQuestion: Record<string, number> = {};
  for (const question of received) perQuestion[question] = (perQuestion[question] ?? 0) + 1;
  return { perQuestion, status: report.status };
}

const conf = 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n';
const result = {
  resolvConf: await run(conf, {}),
  table: await run('nameserver 127.0.0.1\n', {}),
  caller: await run(conf, { dnsAttempts: 3 }),
};
socket.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
