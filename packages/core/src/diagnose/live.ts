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
  return { port, probe, explanation: explainProbe(probe) };
}
