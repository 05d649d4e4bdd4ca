// The probe layer's surface: one entry point that dispatches on the protocol.
import { splitNetwork, type WithNetwork } from '../net/call-network.js';
import type { Network } from '../net/types.js';
import { probeImap } from './imap.js';
import { probePop3 } from './pop3.js';
import { probeSmtp } from './smtp.js';
import { resolveProbeRequest } from './run-probe.js';
import type { ProbeRequest, ProbeResult } from './types.js';

export { probeImap } from './imap.js';
export { probePop3 } from './pop3.js';
export { probeSmtp } from './smtp.js';
export { verifyLogin, type VerifyLoginRequest } from './login.js';
export { redactCommand } from './transcript.js';
export { CONNECT_TIMEOUT_MS, STEP_TIMEOUT_MS, TOTAL_TIMEOUT_MS, resolveProbeRequest, type ResolvedProbeRequest } from './run-probe.js';
export { LINE_MAX_BYTES, RESPONSE_MAX_BYTES } from './line-reader.js';
export { TRANSCRIPT_MAX_BYTES } from './transcript.js';
export type * from './types.js';

const PROBES = { smtp: probeSmtp, imap: probeImap, pop3: probePop3 } as const;

export interface ProbeEndpointRequest extends ProbeRequest, WithNetwork {}

/** Connects to one endpoint and reports what it saw; every network outcome is data. */
export function probeEndpoint(request: ProbeEndpointRequest): Promise<ProbeResult>;
/** @deprecated Pass the network inside the request: `probeEndpoint({ ...request, network })`. */
export function probeEndpoint(network: Network, request: ProbeRequest): Promise<ProbeResult>;
export async function probeEndpoint(first: ProbeEndpointRequest | Network, second?: ProbeRequest): Promise<ProbeResult> {
  const { network, request } = splitNetwork<ProbeRequest>(first, second);
  return PROBES[resolveProbeRequest(request).protocol](network, request);
}

