// One `node --test` run for the whole repo, so CI reads one summary.
// Node 20 does not expand globs, so the test files are collected here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const roots = only.length > 0 ? only : ['test'];
const files = roots.flatMap((root) =>
  root.endsWith('.test.ts')
    ? [root]
    : readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.test.ts'))
        .map((name) => join(root, name)),
).sort();

if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// Every test process loads the guard first, so an escaped rejection or exception fails the run.
const guard = new URL('./fail-on-unhandled.mjs', import.meta.url).href;
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', guard, '--import', 'tsx', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
