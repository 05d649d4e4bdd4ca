// Benchmarks of detect() inside a world (real Postfix/Dovecot on the real ports, DNS on :53
// via /etc/resolv.conf, HTTPS autoconfig on :443). Prints one JSON result (see bench/README.md).
import dgram from 'node:dgram';
import { createDetector, createNetwork, detect, probeEndpoint } from '@autoconf/core';
import { runScenario } from '../../test/world/scenario.js';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { AUTOCONFIG_ADDRESS, clientConfigXml } from '../../test/e2e/publishing-world.js';
import { startWorld, type World } from '../../test/world/world.js';
import type { ZoneNode } from '../../test/helpers/dns-server.js';

const CHILD_DNS = '127.0.0.54';
// Two more domains on the same servers, one source each: the issue's two cases.
const SRV_ONLY_DOMAIN = 'srv-only.test';
const AUTOCONFIG_ONLY_DOMAIN = 'autoconfig-only.test';

/** Postfix and Dovecot from the world; DNS (every domain of the bench) and HTTPS autoconfig
 *  from a child process. Returns the nameserver to use. */
async function startBenchWorld(): Promise<{ world: World; nameserver: string; close(): Promise<void> }> {
  const world = await startWorld();
  const host = world.hosts.smtp.name;
  const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: host }] });
  const zone: Record<string, ZoneNode> = {
    ...world.dns.zone,
    [`autoconfig.${world.domain}`]: { A: [AUTOCONFIG_ADDRESS] },
    [`autoconfig.${AUTOCONFIG_ONLY_DOMAIN}`]: { A: [AUTOCONFIG_ADDRESS] },
    [AUTOCONFIG_ONLY_DOMAIN]: { MX: [{ priority: 10, exchange: host }] },
  };
  for (const domain of [world.domain, SRV_ONLY_DOMAIN, ...Array.from({ length: 100 }, (_, d) => `d${d}.test`)]) {
    zone[domain] = { MX: [{ priority: 10, exchange: host }] };
    zone[`_submission._tcp.${domain}`] = srv(587);
    zone[`_submissions._tcp.${domain}`] = srv(465);
    zone[`_imaps._tcp.${domain}`] = srv(993);
    zone[`_pop3s._tcp.${domain}`] = srv(995);
  }
  const issued = world.ca.issue({ names: [`autoconfig.${world.domain}`, `autoconfig.${AUTOCONFIG_ONLY_DOMAIN}`] });
  // One document serves both autoconfig hosts: it names both domains.
  const document = clientConfigXml(world.domain, host).replace(`<domain>${world.domain}</domain>`, `<domain>${world.domain}</domain><domain>${AUTOCONFIG_ONLY_DOMAIN}</domain>`);
  const configFile = join(world.dir, 'bench-servers.json');
  writeFileSync(configFile, JSON.stringify({
    dns: { host: CHILD_DNS, zone },
    https: { host: AUTOCONFIG_ADDRESS, cert: issued.cert, key: issued.key, routes: { '/mail/config-v1.1.xml': document } },
  }));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'bench/scenarios/servers-child.ts', configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  if (!chunk.toString().includes('ready')) throw new Error('bench servers did not start');
  return {
    world,
    nameserver: CHILD_DNS,
    async close() {
      child.kill('SIGKILL');
      await world.stop();
    },
  };
}

const RUNS = process.argv[2] === undefined || process.argv[2] === 'trace' || process.argv[2] === 'sources' ? 40 : Number(process.argv[2]);
const DARK_DNS = '127.0.0.99';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Summary { medianMs: number; minMs: number; maxMs: number }

function summarise(times: number[]): Summary {
  const round = (n: number) => Math.round(n * 10) / 10;
  return { medianMs: round(median(times)), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)) };
}

async function timeRuns(runs: number, body: () => Promise<unknown>): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return { medianMs: round(median(times)), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)) };
}

await runScenario(async () => {
  const { world, nameserver, close } = await startBenchWorld();
  try {
    const extraCa = [world.ca.cert];
    const nameservers = [nameserver];
    const host = world.hosts.smtp.name;
    // Baseline: what a client that already knows the answer does — resolve one host, then
    // one TCP connection with implicit TLS, the greeting, EHLO and QUIT. Fresh caches each run.
    const baselineOn = (port: number, security: 'tls' | 'starttls') => async () => {
      const network = createNetwork({ extraCa, servers: nameservers });
      const answer = await network.resolver.query(host, 'A');
      if (answer.status !== 'ok') throw new Error(`baseline lookup ${answer.status}`);
      const result = await probeEndpoint(network, { protocol: 'smtp', host, port, security });
      if (result.outcome !== 'ok') throw new Error(`baseline probe ${result.outcome}`);
    };
    const baselineRun = baselineOn(465, 'tls');
    // The same dialogue detect() must confirm for its answer (587: EHLO, STARTTLS, TLS, EHLO).
    const baseline587Run = baselineOn(587, 'starttls');
    const detectOf = (address: string) => async () => {
      const report = await detect(address, { extraCa, nameservers });
      if (report.recommended.smtp?.port !== 587 || !report.recommended.smtp.verified) throw new Error(`detect did not verify 587 for ${address}`);
    };
    const detectRun = detectOf(world.user.name);
    const srvOnlyRun = detectOf(`user@${SRV_ONLY_DOMAIN}`);
    const autoconfigOnlyRun = detectOf(`user@${AUTOCONFIG_ONLY_DOMAIN}`);
    await baselineRun();
    await detectRun();
    await baseline587Run();
    await srvOnlyRun();
    await autoconfigOnlyRun();
    if (process.argv[2] === 'trace') {
      // Where the time goes: one traced detect() per domain, every event with its time.
      const traceOf = async (address: string) => {
        const lines: string[] = [];
        const started = performance.now();
        const at = () => `${(performance.now() - started).toFixed(1).padStart(6)} ms`;
        const report = await detect(address, {
          extraCa, nameservers, transcript: true,
          onProgress: (event) => {
            if (event.type === 'source-end') lines.push(`${at()} source ${event.record.source} ${event.record.status}`);
            else if (event.type === 'probe-start') lines.push(`${at()} probe start ${event.request.protocol} ${event.request.port} ${event.request.security}`);
            else if (event.type === 'probe-end') {
              lines.push(`${at()} probe end ${event.result.protocol} ${event.result.port} ${event.result.outcome} (${Math.round(event.result.durationMs)} ms)`);
              for (const line of event.result.transcript ?? []) lines.push(`           ${String(Math.round(line.at)).padStart(4)} ${line.dir} ${line.line.slice(0, 60)}`);
            } else if (event.type === 'stage') lines.push(`${at()} stage ${event.stage}`);
          },
        });
        lines.push(`${at()} returned ${report.status}`);
        return lines;
      };
      // The baseline's own dialogue, alone, for comparison with the same dialogue inside detect().
      const network = createNetwork({ extraCa, servers: nameservers });
      const started = performance.now();
      await network.resolver.query(host, 'A');
      const resolvedMs = performance.now() - started;
      const alone = await probeEndpoint(network, { protocol: 'smtp', host, port: 587, security: 'starttls', transcript: true });
      const baseline587Trace = [`${resolvedMs.toFixed(1)} ms resolved; dialogue ${Math.round(alone.durationMs)} ms`, ...(alone.transcript ?? []).map((line) => `${String(Math.round(line.at)).padStart(4)} ${line.dir} ${line.line.slice(0, 60)}`)];
      if (process.env.DETECT_BENCH_PROFILE !== undefined) {
        // A CPU profile of ten warm srv-only detections, for `node --cpu-prof`-style reading.
        const { Session } = await import('node:inspector/promises');
        const session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
        for (let i = 0; i < 10; i++) await srvOnlyRun();
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(process.env.DETECT_BENCH_PROFILE, JSON.stringify(profile));
        session.disconnect();
      }
      return { baseline587: baseline587Trace, published: await traceOf(world.user.name), srvOnly: await traceOf(`user@${SRV_ONLY_DOMAIN}`), autoconfigOnly: await traceOf(`user@${AUTOCONFIG_ONLY_DOMAIN}`) };
    }
    if (process.argv[2] === 'sources') {
      // What the other sources cost the SRV-only case: detect() with the SRV source alone, then
      // with one more group, interleaved with the 587 baseline. The same report each time (587
      // verified); only the work done beside it differs.
      type Sources = NonNullable<NonNullable<Parameters<typeof detect>[1]>['sources']>;
      const none: Sources = { embedded: false, autoconfig: false, ispdb: false, srv: true, mx: false, autodiscover: false, guess: false };
      const srvWith = (more: Sources) => async () => {
        const report = await detect(`user@${SRV_ONLY_DOMAIN}`, { extraCa, nameservers, sources: { ...none, ...more } });
        if (report.recommended.smtp?.port !== 587 || !report.recommended.smtp.verified) throw new Error('detect did not verify 587');
      };
      const cases: Record<string, () => Promise<unknown>> = {
        baseline587: baseline587Run,
        srvAlone: srvWith({}),
        srvAndMx: srvWith({ mx: true }),
        srvAndGuess: srvWith({ guess: true }),
        srvAndHttpsSources: srvWith({ autoconfig: true, ispdb: true, autodiscover: true }),
        allSources: srvOnlyRun,
      };
      for (const body of Object.values(cases)) await body();
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
      const rounds = Number(process.argv[3] ?? 20);
      for (let i = 0; i < rounds; i++) {
        for (const [name, body] of Object.entries(cases)) {
          const started = performance.now();
          await body();
          times[name]!.push(performance.now() - started);
        }
      }
      const ratioOf = (list: number[]) => Math.round(median(list.map((ms, i) => ms / times.baseline587![i]!)) * 100) / 100;
      return { rounds, ...Object.fromEntries(Object.entries(times).map(([name, list]) => [name, { ...summarise(list), ratio: ratioOf(list) }])) };
    }
    // Interleaved, one sample of each case per round, so drift in machine load hits every case
    // alike; the firewall rule for port 25 is set and cleared outside the timed part.
    const samples = { baseline: [] as number[], baseline587: [] as number[], published: [] as number[], dropped25: [] as number[], srvOnly: [] as number[], autoconfigOnly: [] as number[] };
    const time = async (list: number[], body: () => Promise<unknown>) => {
      const started = performance.now();
      await body();
      list.push(performance.now() - started);
    };
    for (let i = 0; i < RUNS; i++) {
      await time(samples.baseline, baselineRun);
      await time(samples.baseline587, baseline587Run);
      await time(samples.published, detectRun);
      await time(samples.srvOnly, srvOnlyRun);
      await time(samples.autoconfigOnly, autoconfigOnlyRun);
      world.dropPort(world.hosts.smtp.address, 25);
      await time(samples.dropped25, detectRun);
      world.clearFirewall();
    }
    const [baseline, baseline587, published, dropped25, srvOnly, autoconfigOnly] = [samples.baseline, samples.baseline587, samples.published, samples.dropped25, samples.srvOnly, samples.autoconfigOnly].map(summarise) as Summary[] as [Summary, Summary, Summary, Summary, Summary, Summary];
    // Pair by pair against the same round's 587 baseline, so drift in machine load cancels.
    const pairRatio = (list: number[]) => Math.round(median(list.map((ms, i) => ms / samples.baseline587[i]!)) * 100) / 100;

    // Everything dark: the only nameserver receives every query and answers none.
    const hole = dgram.createSocket('udp4');
    hole.on('error', () => undefined);
    await new Promise<void>((resolve) => hole.bind(53, DARK_DNS, resolve));
    let darkReport: Awaited<ReturnType<typeof detect>> | undefined;
    const dark = await timeRuns(3, async () => {
      darkReport = await detect(world.user.name, { extraCa, nameservers: [DARK_DNS] });
    });
    hole.close();

    // A batch: 1 000 addresses over 100 domains, each publishing SRV for the world's host.
    const detector = createDetector({ extraCa, nameservers });
    const addresses = Array.from({ length: 1_000 }, (_, i) => `user${i}@d${i % 100}.test`);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const started = performance.now();
    let verified = 0;
    const queue = [...addresses];
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const report = await detector.detect(next);
        if (report.status === 'verified') verified++;
      }
    }));
    const batchMs = performance.now() - started;
    clearInterval(sampler);

    return {
      runs: RUNS,
      baseline,
      published,
      baseline587,
      ratio: Math.round((published.medianMs / baseline.medianMs) * 100) / 100,
      ratioToSameDialogue: Math.round((published.medianMs / baseline587.medianMs) * 100) / 100,
      srvOnly,
      srvOnlyRatio: pairRatio(samples.srvOnly),
      autoconfigOnly,
      autoconfigOnlyRatio: pairRatio(samples.autoconfigOnly),
      publishedRatioPaired: pairRatio(samples.published),
      dropped25,
      dropped25SlowdownPercent: Math.round(((dropped25.medianMs - published.medianMs) / published.medianMs) * 1000) / 10,
      dark: { ...dark, status: darkReport?.status, complete: darkReport?.complete, findings: darkReport?.findings.map((f) => f.code) },
      batch: {
        addresses: addresses.length,
        domains: 100,
        detections: detector.detections,
        verified,
        seconds: Math.round(batchMs) / 1000,
        addressesPerSecond: Math.round(addresses.length / (batchMs / 1000)),
        peakRssMiB: Math.round(peakRss / 1_048_576),
      },
    };
  } finally {
    await close();
  }
});
