// One CommonJS bundle, dist/extension.cjs, with core inside. `vscode` is provided by the host.
// --production minifies and drops the source map (the .vsix stays small).
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { collectMessages } from './collect-l10n.mjs';

const production = process.argv.includes('--production');

writeFileSync('l10n/bundle.l10n.json', JSON.stringify(collectMessages(), null, 2) + '\n');
if (production) rmSync('dist/extension.cjs.map', { force: true });

const result = await build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.90's extension host runs Node 20.
  target: 'node20',
  external: ['vscode'],
  conditions: ['source'],
  minify: production,
  sourcemap: !production,
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`dist/extension.cjs: ${(bytes / 1024).toFixed(0)} KiB${production ? ' (minified)' : ''}`);
