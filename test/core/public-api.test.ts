// The package's contract: the runtime names @autoconf/core exports. Adding or removing one is a
// deliberate change to this list, the README's "Library" section and the changelog, never a side
// effect of exporting a helper for a test (tests use `@autoconf/core/internal/<path>.js`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as core from '@autoconf/core';

const PUBLIC = [
  'AutoconfError', 'ERROR_CODES', 'FINDINGS', 'POLICIES', 'REPORT_SCHEMA_VERSION', 'SOURCE_NAMES', 'VERSION', 'WRITERS',
  'checkReportLogins', 'createDetector', 'createNetwork', 'detect', 'discover', 'findWriter', 'getWriter', 'inspectTarget',
  'isAutoconfError', 'mergeEnv', 'parseAddress', 'planReportLogins', 'planWrite', 'probeEndpoint',
  'showControlCharacters', 'showControlCharactersDeep', 'suggestDomain', 'verifyLogin', 'writeConfigFile',
];

test('@autoconf/core exports exactly the documented runtime names', () => {
  assert.deepEqual(Object.keys(core).sort(), [...PUBLIC].sort());
});

test('every public runtime name is documented in the README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const missing = PUBLIC.filter((name) => !readme.includes(`\`${name}\``));
  assert.deepEqual(missing, [], 'README "Library" section must name every export');
});

test('the internal subpath reaches modules the index does not export, by their source path', async () => {
  const internal = await import('@autoconf/core/internal/net/dns-client.js');
  assert.equal(typeof internal.createResolver, 'function');
  assert.equal('createResolver' in core, false);
});

test('tests and benchmarks import packages by name, never by a relative path into packages/*/src', async () => {
  const { readdirSync } = await import('node:fs');
  const root = new URL('../../', import.meta.url);
  const offenders: string[] = [];
  for (const dir of ['test', 'bench']) {
    for (const name of readdirSync(new URL(dir, root), { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|mjs)$/.test(name) || name.includes('node_modules')) continue;
      const text = readFileSync(new URL(`${dir}/${name}`, root), 'utf8');
      if (/(from|import)\s*\(?\s*['"](\.\.\/)+packages\/[^'"]*\/src\//.test(text)) offenders.push(`${dir}/${name}`);
    }
  }
  assert.deepEqual(offenders, []);
});
