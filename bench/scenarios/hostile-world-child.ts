// The hostile world (test/core/detect/hostile-world.ts) in a process of its own, so that
// encrypting and sending megabytes of XML does not share an event loop with the detect()
// being timed. Arguments: the loopback address, then a JSON object
// { "<domain>": { "servers": "working" | "tarpit", "delayMs": n } }.
// Prints one JSON line { dnsAddress, extraCa } when everything listens; runs until killed.
import { startHostileWorld } from '../../test/core/detect/hostile-world.js';

const [ip, spec] = process.argv.slice(2);
const domains = JSON.parse(spec ?? '{}') as Record<string, { servers: 'working' | 'tarpit'; delayMs: number }>;
const world = await startHostileWorld(ip ?? '127.68.0.1', Object.fromEntries(
  Object.entries(domains).map(([domain, { servers, delayMs }]) => [domain, { servers, delayMs: () => delayMs }]),
));
process.stdout.write(`${JSON.stringify({ dnsAddress: world.dnsAddress, extraCa: world.extraCa })}\n`);
