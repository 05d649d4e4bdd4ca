// "Probe a mail server…": host, port and protocol in; the full dialogue (transcript) out.
import { createNetwork, isAutoconfError, probeEndpoint, type DialMode, type Protocol } from '@autoconf/core';
import type { ProbeResult } from '@autoconf/core';
import { explainProbe, type ProbeExplanation } from '@autoconf/core/internal/explain-probe.js';
import { registeredSecurity, registeredService } from '@autoconf/core/internal/probe/registered-ports.js';
import { certificateProblem } from '@autoconf/core/internal/report/words.js';
import { t } from './l10n.js';
import { networkOptionsOf, type Settings } from './settings.js';
import type { Log, PickItem, Ui } from './ui.js';

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

/** The words of core's explanation name the modes as the security pick does. */
function explain(result: ProbeResult): ProbeExplanation {
  return explainProbe(result, { modeChoice: (mode) => (mode === 'tls' ? t('Implicit TLS') : 'STARTTLS') });
}

export function renderTranscript(result: ProbeResult): string {
  const { headline, words } = explain(result);
  const secured = { none: 'no TLS', tls: 'implicit TLS', starttls: 'STARTTLS' }[result.observedSecurity];
  const state = result.outcome === 'ok' ? `${headline} (${secured})` : headline;
  const lines = [
    `${result.protocol.toUpperCase()} ${result.host}:${result.port} — ${state}, ${Math.round(result.durationMs)} ms`,
    words,
    // The raw outcome and OpenSSL's words, for a search or a bug report.
    `Details: ${result.outcome}: ${result.message}`,
  ];
  if (result.tls !== undefined) {
    const problem = certificateProblem(result.tls, result.host);
    lines.push(`TLS ${result.tls.protocol} ${result.tls.cipher}; certificate ${result.tls.subject} by ${result.tls.issuer}, valid to ${result.tls.validTo}; ${problem === undefined ? 'trusted' : `NOT trusted: ${problem}`}`);
  }
  const auth = [...new Set([...result.authBeforeTls, ...result.authAfterTls])];
  lines.push(`AUTH: ${auth.join(' ') || 'none offered'}`, '');
  for (const line of result.transcript ?? []) lines.push(`${String(Math.round(line.at)).padStart(6)} ms  ${line.dir.padEnd(4)} ${line.line}`);
  return lines.join('\n') + '\n';
}

/** The protocol pick, the one a typed registered port belongs to first (587 → SMTP). */
function protocolItems(port: number | undefined): PickItem<Protocol>[] {
  const items: PickItem<Protocol>[] = [
    { label: 'SMTP', description: t('sending (submission)'), value: 'smtp' },
    { label: 'IMAP', description: t('reading'), value: 'imap' },
    { label: 'POP3', description: t('reading'), value: 'pop3' },
  ];
  const registered = port === undefined ? undefined : registeredService(port)?.protocol;
  return [...items.filter((item) => item.value === registered), ...items.filter((item) => item.value !== registered)];
}

/** The security pick. A typed port's registered mode comes first, so that Enter on a typed
 *  `host:587` asks for STARTTLS, never implicit TLS; an unregistered port starts with
 *  "whatever the server offers", which says what happened instead of failing a guess. */
export function securityItems(protocol: Protocol, port: number | undefined): PickItem<DialMode>[] {
  const items: PickItem<DialMode>[] = [
    { label: t('Implicit TLS'), description: String(PORTS[protocol].tls), value: 'tls' },
    { label: 'STARTTLS', description: String(PORTS[protocol].plain), value: 'starttls' },
    { label: t('Whatever the server offers'), description: t('connect in clear, upgrade when offered'), value: 'opportunistic' },
  ];
  if (port === undefined) return items;
  const registered: DialMode = registeredSecurity(protocol, port) ?? 'opportunistic';
  const first = items.find((item) => item.value === registered) as PickItem<DialMode>;
  const marked = registered === 'opportunistic' ? first : { ...first, description: t('port {0} expects this', String(port)) };
  return [marked, ...items.filter((item) => item !== first)];
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
  const typedPort = args.port ?? parsed.port;
  const protocol = args.protocol ?? await ui.pick<Protocol>({
    title: t('Probe a mail server'),
    placeHolder: t('Protocol'),
    items: protocolItems(typedPort),
  });
  if (protocol === undefined) return undefined;
  const security = args.security ?? await ui.pick<DialMode>({
    title: t('Probe a mail server'),
    placeHolder: t('Security'),
    items: securityItems(protocol, typedPort),
  });
  if (security === undefined) return undefined;
  const port = typedPort ?? defaultPort(protocol, security);
  try {
    const { settings, extraCa } = await deps.readSettings();
    const network = createNetwork(networkOptionsOf(settings, extraCa));
    const result = await ui.withProgress(t('Probing {0}:{1}', parsed.host, port), (progress, signal) => {
      progress(t('Connecting…'));
      return probeEndpoint({ network, protocol, host: parsed.host, port, security, transcript: true, signal });
    });
    const { verdict, headline, words } = explain(result);
    deps.log.info(`probe ${protocol} ${parsed.host}:${port}: ${result.outcome} (${verdict})`);
    deps.log.debug(renderTranscript(result));
    await ui.show({ name: `probe-${protocol}-${parsed.host}-${port}.log`, language: 'plaintext', content: renderTranscript(result) });
    if (verdict !== 'works' && result.outcome !== 'aborted') {
      ui.notify(verdict === 'failed' ? 'error' : 'warning', t('{0}:{1}: {2}. {3}', parsed.host, String(port), headline, words));
    }
    return result;
  } catch (error) {
    if (!isAutoconfError(error)) throw error;
    ui.notify(error.code === 'ABORTED' ? 'info' : 'error', error.code === 'ABORTED' ? t('Probe cancelled.') : error.message);
    return undefined;
  }
}
