// The CLI's build: dist/bin.js, which answers `--version` itself, and dist/cli.cjs, the rest
// (commander, the commands and @autoconf/core in one CommonJS file), loaded on the first
// other call with V8's code cache, dist/cli.cache (src/load-commands-cached.ts). The cache is
// made here by running the bundle on two detections that reach nothing but this process: one
// offline, one against a DNS server here on loopback that refuses every question, so that
// what a run compiles first (arguments, DNS, sources, ranking, the report) is in it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  minifySyntax: true,
  minifyWhitespace: true,
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  logLevel: 'warning',
  // The JS/TS parser doctor loads only for a source that calls createTransport: kept out of
  // the bundle (and its code cache), so no other run pays for loading it.
  external: ['@babel/parser'],
  // core's read-js.ts reads import.meta.url only where require is missing (ES modules); in
  // this CommonJS bundle require is there, so the empty import.meta is never read.
  logOverride: { 'empty-import-meta': 'silent' },
};

// bin.ts asks load-commands.ts for the commands; the built bin gets the cached loader instead.
const cachedLoader = {
  name: 'cached-loader',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/load-commands\.js$/ }, (args) => ({ path: resolve(args.resolveDir, 'load-commands-cached.ts') }));
  },
};

// commander requires child_process when it loads, for executable subcommands, which autoconf
// has none of; loading it cost every run about 5 ms of CPU. commander gets a stand-in that
// requires it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onResolve({ filter: /^node:child_process$/ }, (args) =>
      (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'commander-child-process', namespace: 'lazy' } : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let loaded; module.exports = { spawn: (...args) => (loaded ??= require('node:child_process')).spawn(...args) };",
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: { bin: 'src/bin.ts' }, outdir: 'dist', format: 'esm', plugins: [cachedLoader] });
await build({ ...common, entryPoints: { cli: 'src/commands-entry.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, format: 'cjs', plugins: [lazyChildProcess] });

// Compiled and run exactly as bin.js does, then the code V8 compiled is written out.
const scratch = mkdtempSync(join(tmpdir(), 'autoconf-cache-'));
try {
  const maker = join(scratch, 'make-cache.mjs');
  await build({
    ...common,
    stdin: {
      resolveDir: resolve('src'),
      sourcefile: 'make-cache.ts',
      contents: `
        import { createSocket } from 'node:dgram';
        import { once } from 'node:events';
        import { writeFileSync } from 'node:fs';
        import { compileCommands, CACHE_NAME } from './load-commands-cached.js';
        const directory = process.argv[2];
        const { script, commands } = compileCommands(directory);
        const io = {
          stdout() {}, stderr() {}, stdin: async function* () {}, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false,
          env: {}, cwd: process.argv[3],
        };
        const offline = await commands.run(['detect', 'user@gmail.com', '--offline', '--json'], io);
        if (offline !== 0) throw new Error('the offline warm-up detect exited ' + offline);
        // Every query answered REFUSED: the query itself with QR set and RCODE 5.
        const dns = createSocket('udp4');
        dns.on('message', (query, peer) => {
          if (query.length < 12) return;
          const reply = Buffer.from(query);
          reply[2] |= 0x80;
          reply[3] = (reply[3] & 0xf0) | 5;
          dns.send(reply, peer.port, peer.address);
        });
        dns.bind(0, '127.0.0.1');
        await once(dns, 'listening');
        const server = '127.0.0.1:' + dns.address().port;
        await commands.run(['detect', 'user@example.com', '--dns', server, '--timeout', '3000', '--json'], io);
        dns.close();
        writeFileSync(directory + '/' + CACHE_NAME, script.createCachedData());
      `,
    },
    outfile: maker,
    format: 'esm',
  });
  const made = spawnSync(process.execPath, [maker, resolve('dist'), scratch], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`the code cache was not made: ${made.stderr}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
