// Prints the real output of `autoconf detect` in its three states — verified, a downgrade
// found, nothing usable — against a world of scripted mail servers on loopback (real ports
// 587/465/993 on 127.0.0.121 and .122: run as root). The README's "What it prints" section is
// this output, pasted; rerun after changing the human output:
//   node --conditions=source --import tsx scripts/readme-outputs.ts
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type Io } from '@autoconf/cli/internal/run.js';
import { startMailDomain } from '../test/core/detect/fixtures.js';

async function cli(argv: string[], cwd: string): Promise<string> {
  let out = '';
  const io: Io = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (out += text),
    stdin: async function* () {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd,
  };
  const code = await run(argv, io);
  return `$ autoconf ${argv.filter((arg) => !arg.includes('127.0.0.') && !arg.endsWith('.pem') && arg !== '--dns' && arg !== '--ca-file').join(' ')}\n${out}(exit ${code})\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'autoconf-readme-'));
const good = await startMailDomain({ ip: '127.0.0.121', domain: 'example.test' });
const stripped = await startMailDomain({ ip: '127.0.0.122', domain: 'stripped.test', hide587Starttls: true });
try {
  writeFileSync(join(dir, 'good.pem'), good.ca.cert);
  writeFileSync(join(dir, 'stripped.pem'), stripped.ca.cert);
  const flags = (world: typeof good, ca: string) => ['--dns', world.dns.address, '--ca-file', ca];
  process.stdout.write(await cli(['detect', 'alice@example.test', ...flags(good, 'good.pem')], dir) + '\n');
  process.stdout.write(await cli(['detect', 'carol@stripped.test', ...flags(stripped, 'stripped.pem')], dir) + '\n');
  process.stdout.write(await cli(['detect', 'dave@nowhere.test', '--timeout', '3000', ...flags(good, 'good.pem')], dir));
} finally {
  await Promise.all([good.close(), stripped.close()]);
  rmSync(dir, { recursive: true, force: true });
}
