// "Probe a mail server…": host, port and protocol in; the full dialogue (transcript) out.
import { createNetwork, isAutoconfError, probeEndpoint, type DialMode, type Protocol } from '@autoconf/core';
import type { ProbeResult } from '@autoconf/core';
import { t } from './l10n.js';
import { networkOptionsOf, type Settings } from './settings.js';
import type { Log, Ui } from './ui.js';

export interface ProbeDeps {
  ui: Ui;
  log: Log;
  readSettings(): Promise<{ settings: Settings; extraCa: string[] }>;
}

export interface ProbeArgs {
  host?: string;
  port?: number;
  protocol?: Protocol;
  security?: DialMode;
}

const PORTS: Record<Protocol, { tls: number; plain: number }> = {
  smtp: { tls: 465, plain: 587 },
  imap: { tls: 993, plain: 143 },
  pop3: { tls: 995, plain: 110 },
};
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$|^[0-9a-fA-F:.]+$/;

/** `host`, `host:port` or `[v6]:port` → its parts; a message string for bad input. */
export function parseHostPort(value: string): { host: string; port?: number } | string {
  const text = value.trim();
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text) ?? /^([0-9a-fA-F:]+)()$/.exec(text);
  if (match === null) return t('Expected host, host:port or [IPv6]:port.');
  const [, host = '', portText] = match;
  if (!HOST.test(host) || host.length > 253) return t('"{0}" is not a host name or IP address.', host);
  if (portText === undefined || portText === '') return { host };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return t('The port must be between 1 and 65535.');
  return { host, port };
}

export function defaultPort(protocol: Protocol, security: DialMode): number {
  return security === 'tls' ? PORTS[protocol].tls : PORTS[protocol].plain;
}

export function renderTranscript(result: ProbeResult): string {
  const lines = [
    `${result.protocol.toUpperCase()} ${result.host}:${result.port} — ${result.outcome} (${result.observedSecurity}), ${Math.round(result.durationMs)} ms`,
    result.message,
  ];
  if (result.tls !== undefined) {
    lines.push(`TLS ${result.tls.protocol} ${result.tls.cipher}; certificate ${result.tls.subject} by ${result.tls.issuer}, valid to ${result.tls.validTo}; ${result.tls.authorized ? 'trusted' : `NOT trusted: ${result.tls.authorizationError ?? ''}`}`);
  }
  const auth = [...new Set([...result.authBeforeTls, ...result.authAfterTls])];
  lines.push(`AUTH: ${auth.join(' ') || 'none offered'}`, '');
  for (const line of result.transcript ?? []) lines.push(`${String(Math.round(line.at)).padStart(6)} ms  ${line.dir.padEnd(4)} ${line.line}`);
  return lines.join('\n') + '\n';
}

export async function runProbe(deps: ProbeDeps, args: ProbeArgs = {}): Promise<ProbeResult | undefined> {
  const { ui } = deps;
  const hostText = args.host ?? await ui.input({
    title: t('Probe a mail server'),
    prompt: t('Host, optionally with :port'),
    placeHolder: 'smtp.example.com:587',
    validate: (value) => {
      const parsed = parseHostPort(value);
      return typeof parsed === 'string' ? parsed : undefined;
    },
  });
  if (hostText === undefined) return undefined;
  const parsed = parseHostPort(hostText);
  if (typeof parsed === 'string') {
    ui.notify('error', parsed);
    return undefined;
  }
  const protocol = args.protocol ?? await ui.pick<Protocol>({
    title: t('Probe a mail server'),
    placeHolder: t('Protocol'),
    items: [
      { label: 'SMTP', description: t('sending (submission)'), value: 'smtp' },
      { label: 'IMAP', description: t('reading'), value: 'imap' },
      { label: 'POP3', description: t('reading'), value: 'pop3' },
    ],
  });
  if (protocol === undefined) return undefined;
  const security = args.security ?? await ui.pick<DialMode>({
    title: t('Probe a mail server'),
    placeHolder: t('Security'),
    items: [
      { label: t('Implicit TLS'), description: String(PORTS[protocol].tls), value: 'tls' },
      { label: 'STARTTLS', description: String(PORTS[protocol].plain), value: 'starttls' },
      { label: t('Whatever the server offers'), description: t('connect in clear, upgrade when offered'), value: 'opportunistic' },
    ],
  });
  if (security === undefined) return undefined;
  const port = args.port ?? parsed.port ?? defaultPort(protocol, security);
  try {
    const { settings, extraCa } = await deps.readSettings();
    const network = createNetwork(networkOptionsOf(settings, extraCa));
    const result = await ui.withProgress(t('Probing {0}:{1}', parsed.host, port), (progress, signal) => {
      progress(t('Connecting…'));
      return probeEndpoint({ network, protocol, host: parsed.host, port, security, transcript: true, signal });
    });
    deps.log.info(`probe ${protocol} ${parsed.host}:${port}: ${result.outcome}`);
    deps.log.debug(renderTranscript(result));
    await ui.show({ name: `probe-${protocol}-${parsed.host}-${port}.log`, language: 'plaintext', content: renderTranscript(result) });
    return result;
  } catch (error) {
    if (!isAutoconfError(error)) throw error;
    ui.notify(error.code === 'ABORTED' ? 'info' : 'error', error.code === 'ABORTED' ? t('Probe cancelled.') : error.message);
    return undefined;
  }
}
