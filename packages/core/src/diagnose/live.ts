// The config's endpoint dialled exactly as the client would dial it: the same host, port and
// TLS mode, and what the server really speaks there, in the words the client's error would
// need. One probe; never a login.
import { explainProbe, type ProbeExplanation } from '../explain-probe.js';
import type { Network } from '../net/types.js';
import { probeEndpoint } from '../probe/index.js';
import type { ProbeResult } from '../probe/types.js';
import type { DialMode } from '../types.js';
import type { ConfigMode, MailConfig } from './config.js';

/** How each mode dials: the client's behaviour, not ours (opportunistic upgrades if offered). */
const DIAL: Record<ConfigMode, DialMode> = {
  'implicit-tls': 'tls',
  'starttls-required': 'starttls',
  'starttls-opportunistic': 'opportunistic',
  none: 'none',
};

// What the client uses when the config names no port: nodemailer 587 (465 when secure),
// Django 25, Symfony 587 (465 for smtps).
const DEFAULT_PORTS: Record<string, { tls: number; other: number }> = {
  'django-env': { tls: 465, other: 25 },
};

export interface LiveCheck {
  /** The port dialled (the config's, or the client's default). */
  port: number;
  probe: ProbeResult;
  explanation: ProbeExplanation;
  /** What a Node client (nodemailer) prints for this, word for word, where it fails: the text a
   *  user searches for. */
  clientError?: string;
}

// Node's own words for certificate failures (err.message), by the code it reports.
const NODE_CERT_ERRORS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: "Hostname/IP does not match certificate's altnames",
};
const NODE_FORMATS = new Set(['env', 'nodemailer', 'nodemailer-url']);

/** The error a Node client prints for what the probe saw, when the config makes it fail. */
function nodeClientError(config: MailConfig, probe: ProbeResult): string | undefined {
  if (!NODE_FORMATS.has(config.format)) return undefined;
  if (probe.outcome === 'tls-failed' && /wrong.version.number|tlsany_meth|packet.length.too.long/i.test(probe.message)) return 'ssl3_get_record:wrong version number';
  if (probe.outcome === 'timeout-greeting' || (probe.outcome === 'timeout-step' && probe.greeting === undefined)) return 'Greeting never received';
  const code = probe.tls?.authorized === false ? probe.tls.authorizationError : undefined;
  if (code !== undefined && config.verifyDisabled === undefined) return NODE_CERT_ERRORS[code] ?? code;
  return undefined;
}

export interface LiveCheckOptions {
  network?: Network;
  signal?: AbortSignal;
  /** Bounds the whole probe; the probe's own defaults otherwise. */
  timeoutMs?: number;
}

/** Dials the config's endpoint as configured; undefined when it names no host. */
export async function checkLive(config: MailConfig, options: LiveCheckOptions = {}): Promise<LiveCheck | undefined> {
  if (config.host === undefined) return undefined;
  const mode = config.mode.value;
  const defaults = DEFAULT_PORTS[config.format] ?? { tls: 465, other: 587 };
  const port = config.port?.value ?? (mode === 'implicit-tls' ? defaults.tls : defaults.other);
  const probe = await probeEndpoint({
    protocol: 'smtp',
    host: config.host.value,
    port,
    security: DIAL[mode],
    ...(options.network === undefined ? {} : { network: options.network }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { totalTimeoutMs: options.timeoutMs }),
  });
  const clientError = nodeClientError(config, probe);
  return { port, probe, explanation: explainProbe(probe), ...(clientError === undefined ? {} : { clientError }) };
}
