// Rewrites the findings table in README.md ("### Findings") from FINDINGS, the one source of
// each code's severity and fix (test/core/notes-table.test.ts checks they stay equal).
// Run: node --conditions=source --import tsx scripts/gen-readme-findings.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { FINDINGS } from '@autoconf/core';

const HEAD = '### Findings\n| code | severity | meaning |\n|---|---|---|\n';
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(HEAD);
if (start < 0) throw new Error('README.md has no "### Findings" table');
const from = start + HEAD.length;
const end = readme.indexOf('\n\n', from);
const rows = Object.entries(FINDINGS).map(([code, f]) => `| \`${code}\` | ${f.severity} | ${f.fix.replace(/\|/g, '\\|')} |`);
writeFileSync('README.md', readme.slice(0, from) + rows.join('\n') + readme.slice(end));
