// One esbuild build for the CLI: dist/bin.js plus the chunks its commands load on demand.
// Splitting keeps @autoconf/core out of the startup path (`autoconf --version` parses only
// commander and the argument table).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { bin: 'src/bin.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  minifySyntax: true,
  minifyWhitespace: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['source'],
  banner: { js: 'import { createRequire as __autoconfRequire } from "node:module"; const require = __autoconfRequire(import.meta.url);' },
  logLevel: 'warning',
});
