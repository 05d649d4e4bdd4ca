// A mail domain on loopback for the CLI cold-start bench, in a process of its own so that
// serving does not share CPU slices with the process being timed: the test DNS server
// publishing SRV, and scripted SMTP (587, 465) and IMAPS (993) servers on 127.0.0.83.
// Argument: a directory to write the test CA into. Prints one JSON line when ready; runs until killed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailDomain } from '../../test/core/detect/fixtures.js';

const BENCH_IP = '127.0.0.83';
const BENCH_DOMAIN = 'bench.test';

const directory = process.argv[2]!;
const domain = await startMailDomain({ ip: BENCH_IP, domain: BENCH_DOMAIN });
const caFile = join(directory, 'bench-ca.pem');
writeFileSync(caFile, domain.ca.cert);
process.stdout.write(`${JSON.stringify({ dns: domain.dns.address, caFile, address: `user@${BENCH_DOMAIN}`, host: `mail.${BENCH_DOMAIN}` })}\n`);
