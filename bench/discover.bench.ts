// discover() on a zone that publishes SRV + HTTPS autoconfig, on loopback (root: binds 127.65.0.1:443).
// Fresh network context (no DNS cache) each run; median of 20 after one warm-up.
// Usage: node --conditions=source --import tsx bench/discover.bench.ts
import { writeFileSync } from 'node:fs';
import { createNetwork, discover } from '@autoconf/core';
import { clientConfig, startWorld, xmlRoute } from '../test/core/discover/world.js';

const RUNS = 20;
const world = await startWorld({
  ip: '127.65.0.1',
  https: {
    'autoconfig.bench.test': {
      '/mail/config-v1.1.xml': xmlRoute(clientConfig('bench.test', [['imap', 'imap.bench.test', 993, 'SSL'], ['smtp', 'smtp.bench.test', 587, 'STARTTLS']])),
    },
  },
  zone: {
    'bench.test': { MX: [{ priority: 10, exchange: 'mx.bench.test' }] },
    'mx.bench.test': { A: ['127.65.0.1'] },
    'imap.bench.test': { A: ['127.65.0.1'] },
    'smtp.bench.test': { A: ['127.65.0.1'] },
    '_submission._tcp.bench.test': { SRV: [{ priority: 0, weight: 0, port: 587, target: 'smtp.bench.test' }] },
    '_imaps._tcp.bench.test': { SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.bench.test' }] },
  },
});
try {
  const times: number[] = [];
  let candidates = 0;
  for (let i = 0; i <= RUNS; i++) {
    const network = createNetwork({ servers: [world.dns.address], extraCa: [...world.network.extraCa] });
    const started = performance.now();
    const result = await discover('jane@bench.test', { network, ispdbBaseUrl: 'https://ispdb.bench.test/v1.1/' });
    if (i > 0) times.push(performance.now() - started);
    candidates = result.candidates.length;
    if (!result.candidates.some((c) => c.provenance.some((p) => p.source === 'autoconfig'))) throw new Error('autoconfig missing');
    if (!result.candidates.some((c) => c.provenance.some((p) => p.source === 'srv'))) throw new Error('srv missing');
  }
  times.sort((a, b) => a - b);
  const result = { date: new Date().toISOString(), runs: RUNS, candidates, medianMs: Math.round(times[RUNS >> 1]! * 10) / 10, maxMs: Math.round(times[RUNS - 1]! * 10) / 10 };
  writeFileSync('bench/results/discover.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
} finally {
  await world.close();
}
