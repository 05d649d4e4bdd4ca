// Run by secure-context.test.ts in a process of its own, started with the NODE_EXTRA_CA_CERTS
// the case needs (Node reads it once, at start-up, into its default store). Builds the shared
// context for the trust store described by argv and handshakes with each given port on
// 127.0.0.1. Prints one JSON line: [{ port, authorized }].
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { sharedSecureContext } from '@autoconf/core/internal/net/secure-context.js';
import { createTrustStore } from '@autoconf/core/internal/net/trust-store.js';

const { ports, nodeExtraCaCerts, extraCaFile } = JSON.parse(process.argv[2]!) as { ports: number[]; nodeExtraCaCerts: boolean; extraCaFile?: string };
const trust = createTrustStore({ nodeExtraCaCerts, ...(extraCaFile === undefined ? {} : { extraCa: [readFileSync(extraCaFile, 'utf8')] }) });
const context = sharedSecureContext(trust, { minVersion: 'TLSv1.2' });

function handshake(port: number): Promise<{ port: number; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, secureContext: context, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      resolve({ port, authorized: socket.authorized });
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

const results = [];
for (const port of ports) results.push(await handshake(port));
process.stdout.write(`${JSON.stringify({ results, sources: trust.sources })}\n`);
