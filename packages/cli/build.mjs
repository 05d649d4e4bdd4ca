// One esbuild bundle for the CLI.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/bin.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['source'],
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __autoconfRequire } from "node:module"; const require = __autoconfRequire(import.meta.url);' },
  logLevel: 'warning',
});
