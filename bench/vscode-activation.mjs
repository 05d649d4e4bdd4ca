// Activation cost of the VS Code extension: require dist/extension.cjs and call activate() with
// a minimal stand-in for the `vscode` module, in a fresh Node process per sample (cold module
// cache, as in a fresh extension host). Goal: ≤ 30 ms; core must not load until a command runs.
// Run: node bench/vscode-activation.mjs [samples]   (build the extension first)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUNDLE = fileURLToPath(new URL('../packages/vscode-extension/dist/extension.cjs', import.meta.url));
const SAMPLES = Number(process.argv[2] ?? 15);
const GOAL_MS = 30;

const child = `
const Module = require('node:module');
const calls = { commands: 0 };
const disposable = { dispose() {} };
const vscode = {
  l10n: { t: (m) => m },
  window: { createOutputChannel: () => ({ ...disposable, info() {}, debug() {}, warn() {}, error() {} }) },
  workspace: { registerTextDocumentContentProvider: () => disposable },
  commands: { registerCommand: () => (calls.commands++, disposable) },
  EventEmitter: class { constructor() { this.event = () => disposable; } fire() {} dispose() {} },
  Uri: { from: (x) => x },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const t0 = performance.now();
const extension = require(${JSON.stringify(BUNDLE)});
const t1 = performance.now();
extension.activate({ subscriptions: [] });
const t2 = performance.now();
// Core is bundled but lazy: none of its Node modules (dgram for DNS, tls for probes) is loaded yet.
const coreLoaded = process.moduleLoadList.some((m) => m === 'NativeModule dgram' || m === 'NativeModule tls');
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, commands: calls.commands, coreLoaded }));
`;

if (!existsSync(BUNDLE)) {
  console.error(`${BUNDLE} is missing: run "pnpm --filter autoconf-vscode build" first`);
  process.exit(1);
}
const samples = [];
for (let i = 0; i < SAMPLES; i++) {
  const result = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  samples.push(JSON.parse(result.stdout));
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const total = median(samples.map((s) => s.requireMs + s.activateMs));
console.log(`extension.cjs: require ${median(samples.map((s) => s.requireMs)).toFixed(1)} ms + activate ${median(samples.map((s) => s.activateMs)).toFixed(2)} ms`);
console.log(`activation (median of ${SAMPLES}, fresh process each): ${total.toFixed(1)} ms — goal ≤ ${GOAL_MS} ms ${total <= GOAL_MS ? 'met' : 'MISSED'}; ${samples[0].commands} commands registered`);
if (samples.some((s) => s.coreLoaded)) {
  console.log('core was loaded at activation: it must wait for the first command');
  process.exitCode = 1;
} else {
  console.log('core not loaded at activation (dgram/tls untouched)');
  process.exitCode = total <= GOAL_MS ? 0 : 1;
}
