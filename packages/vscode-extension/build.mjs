// One CommonJS bundle, dist/extension.cjs, with core inside. `vscode` is provided by the host.
// --production minifies and drops the source map (the .vsix stays small).
// @babel/parser stays out of it: it is bundled alone into dist/node_modules/@babel/parser, where
// the main bundle's require('@babel/parser') finds it, and loads only when a JS/TS file calls
// createTransport.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  external: ['vscode', '@babel/parser'],
  // The parser's loaders read import.meta.url only where require is missing (ES modules); in
  // this CommonJS bundle require is there, so the empty import.meta is never read.
  logOverride: { 'empty-import-meta': 'silent' },
  conditions: ['source'],
  minify: production,
  sourcemap: !production,
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`dist/extension.cjs: ${(bytes / 1024).toFixed(0)} KiB${production ? ' (minified)' : ''}`);

const PARSER_DIR = 'dist/node_modules/@babel/parser';
mkdirSync(PARSER_DIR, { recursive: true });
writeFileSync(`${PARSER_DIR}/package.json`, JSON.stringify({ name: '@babel/parser', private: true, main: 'index.js' }) + '\n');
const parser = await build({
  entryPoints: [createRequire(import.meta.url).resolve('@babel/parser')],
  outfile: `${PARSER_DIR}/index.js`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  metafile: true,
  logLevel: 'warning',
});
const parserBytes = Object.values(parser.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`${PARSER_DIR}/index.js: ${(parserBytes / 1024).toFixed(0)} KiB${production ? ' (minified)' : ''}`);
