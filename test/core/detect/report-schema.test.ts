import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { detect, VERSION } from '@autoconf/core';
import { generateReportSchema } from '../../../scripts/gen-report-schema.js';
import { IS_ROOT, startMailDomain } from './fixtures.js';

const SCHEMA_PATH = 'packages/core/schema/report.schema.json';
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

test('the shipped schema is the one generated from the Report type', () => {
  assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), generateReportSchema(), 'run: node --import tsx scripts/gen-report-schema.ts');
});

test('the core version matches its package.json', () => {
  assert.equal(VERSION, JSON.parse(readFileSync('packages/core/package.json', 'utf8')).version);
});

test('offline and not-found reports validate', async () => {
  for (const address of ['someone@gmail.com', 'x@unknown-domain.test']) {
    const report = JSON.parse(JSON.stringify(await detect(address, { offline: true })));
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
  }
});

test('a verified report with probes, transcripts and a downgrade validates', { skip: IS_ROOT ? false : 'needs root for ports 587/465/993' }, async () => {
  const world = await startMailDomain({ ip: '127.0.0.74', domain: 'schema.test', hide587Starttls: true });
  try {
    const report = await detect('s@schema.test', { nameservers: [world.dns.address], extraCa: [world.ca.cert], transcript: true, dnsTimeoutMs: 500 });
    assert.ok(report.probes.some((p) => (p.transcript?.length ?? 0) > 0));
    assert.ok(report.findings.some((f) => f.code === 'starttls-missing'));
    const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 3)));
    // The schema is strict: an unknown field is rejected, so it really checks the shape.
    assert.equal(validate({ ...json, surprise: true }), false);
  } finally {
    await world.close();
  }
});
