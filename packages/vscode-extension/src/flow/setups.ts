// The choices of the result quick pick: the recommendation first, then each alternative as
// "the recommendation with this endpoint instead", each with the findings that concern it.
import type { EndpointRef, Finding, RankedEndpoint, Recommendation, Report } from '@autoconf/core';
import { t } from './l10n.js';
import type { PickItem, PickSeparator, Ui } from './ui.js';

export interface Setup {
  recommended: Recommendation;
  findings: Finding[];
  isRecommendation: boolean;
  /** The endpoint an alternative changes: it heads the row. */
  changed?: RankedEndpoint;
}

const SECURITY_LABEL = { tls: 'TLS', starttls: 'STARTTLS', none: 'PLAINTEXT', unspecified: '(security not published)' } as const;

export function describeEndpoint(endpoint: EndpointRef): string {
  return `${endpoint.protocol.toUpperCase()} ${endpoint.host}:${endpoint.port} ${SECURITY_LABEL[endpoint.security]}`;
}

function concerns(finding: Finding, endpoints: RankedEndpoint[]): boolean {
  const at = finding.endpoint;
  if (at === undefined) return true;
  return endpoints.some((e) => e.protocol === at.protocol && e.host === at.host && e.port === at.port);
}

function endpointsOf(recommended: Report['recommended']): RankedEndpoint[] {
  return [recommended.smtp, recommended.imap, recommended.pop3].filter((e): e is RankedEndpoint => e !== undefined);
}

export function listSetups(report: Report): Setup[] {
  const setups: Setup[] = [];
  const main = endpointsOf(report.recommended);
  if (main.length > 0) {
    setups.push({ recommended: report.recommended, findings: report.findings.filter((f) => concerns(f, main)), isRecommendation: true });
  }
  for (const alternative of report.alternatives) {
    const recommended = { ...report.recommended, [alternative.protocol]: alternative };
    const findings = report.findings.filter((f) => f.endpoint !== undefined && concerns(f, [alternative]));
    setups.push({ recommended, findings, isRecommendation: false, changed: alternative });
  }
  return setups;
}

export function hasHighFinding(setup: Setup): boolean {
  return setup.findings.some((finding) => finding.severity === 'high');
}

function roleWords(protocol: EndpointRef['protocol']): string {
  return { smtp: t('Send'), imap: t('Read (IMAP)'), pop3: t('Read (POP3)') }[protocol];
}

function securityWords(security: EndpointRef['security']): string {
  return { tls: t('implicit TLS'), starttls: t('STARTTLS'), none: t('NO ENCRYPTION'), unspecified: t('security not published') }[security];
}

/** "Send: mail.example.com, port 587, STARTTLS": what someone who does not know SMTP can read. */
export function describeEndpointPlainly(endpoint: EndpointRef): string {
  return t('{0}: {1}, port {2}, {3}', roleWords(endpoint.protocol), endpoint.host, endpoint.port, securityWords(endpoint.security));
}

/** One line each a newcomer needs to choose: what the words and ports of the list mean. */
export function securityHelp(): string[] {
  return [
    t('STARTTLS: the connection starts unencrypted and switches to TLS before the password is sent (ports 587 and 25); the generated config refuses to continue without the switch.'),
    t('Implicit TLS: encrypted from the first byte (port 465 for sending, 993 for IMAP); nothing on the way can remove it.'),
    t('Port 587 is for apps and mail clients to send; 465 is the same with implicit TLS; 25 is for servers passing mail to each other and is blocked on many networks.'),
  ];
}

/** The domain's high findings on servers outside this setup: why the choice went elsewhere. */
export function steeringFindings(report: Report, setup: Setup): Finding[] {
  const chosen = endpointsOf(setup.recommended as Report['recommended']);
  return report.findings.filter((f) => f.severity === 'high' && f.endpoint !== undefined && !concerns(f, chosen));
}

function toItem(setup: Setup, report: Report): PickItem<Setup> {
  const endpoints = endpointsOf(setup.recommended as Report['recommended']);
  const verified = endpoints.every((e) => e.verified);
  const warnings = setup.findings.filter((f) => f.severity !== 'info');
  const high = hasHighFinding(setup);
  const status = verified ? t('verified') : t('not verified');
  const role = setup.isRecommendation ? t('recommended') : t('alternative');
  // An alternative differs from the recommendation in one endpoint: that one heads the row.
  const first = setup.changed ?? endpoints[0];
  const rest = endpoints.filter((e) => e !== first);
  const details = [...rest.map(describeEndpointPlainly), ...warnings.map((f) => `${f.severity.toUpperCase()}: ${f.message}`)];
  return {
    label: `${high ? '$(warning) ' : setup.isRecommendation ? '$(pass-filled) ' : ''}${first === undefined ? '' : describeEndpointPlainly(first)}`,
    description: `${role}, ${status}${report.complete ? '' : `, ${t('partial result')}`}${warnings.length === 0 ? '' : `, ${t('{0} warning(s)', warnings.length)}`}`,
    ...(details.length === 0 ? {} : { detail: details.join(' — ') }),
    value: setup,
  };
}

type Choice = { setup: Setup } | { help: true };

function pickItems(report: Report, setups: Setup[]): Array<PickItem<Choice> | PickSeparator> {
  const high = report.findings.filter((f) => f.severity === 'high');
  const items: Array<PickItem<Choice> | PickSeparator> = [];
  // The domain's serious problems come first, so a choice they steered is never silent.
  if (high.length > 0) {
    items.push({ separator: t('{0} high-severity finding(s) for {1}', high.length, report.address.domainUnicode) });
    for (const f of high) items.push({ separator: `$(warning) ${f.message}` });
    items.push({ separator: t('Setups') });
  }
  items.push(...setups.map((s) => {
    const item = toItem(s, report);
    return { ...item, value: { setup: s } };
  }));
  items.push({ separator: '' }, { label: `$(question) ${t('What do STARTTLS, implicit TLS and the ports mean?')}`, value: { help: true } });
  return items;
}

/** The user's choice; a setup with a high-severity finding needs a second, explicit yes. */
export async function pickSetup(ui: Ui, report: Report): Promise<Setup | undefined> {
  const setups = listSetups(report);
  const anyWarning = report.findings.some((f) => f.severity !== 'info');
  for (;;) {
    const choice = await ui.pick({
      title: t('Mail settings for {0}', report.address.addressUnicode),
      placeHolder: anyWarning
        ? t('Pick the setup to write (the first one is recommended)')
        : t('Pick the setup to write (the first one is recommended). No warnings.'),
      items: pickItems(report, setups),
    });
    if (choice === undefined) return undefined;
    if ('help' in choice) {
      await ui.confirm({ message: t('Secure connections, in one line each'), detail: securityHelp().join('\n\n'), action: t('Back to the list') });
      continue;
    }
    const { setup } = choice;
    if (!hasHighFinding(setup)) return setup;
    const high = setup.findings.filter((f) => f.severity === 'high');
    const answer = await ui.confirm({
      message: t('This setup has {0} high-severity finding(s).', high.length),
      detail: high.map((f) => `${f.message}\n${t('Fix')}: ${f.fix}`).join('\n\n'),
      action: t('Use it anyway'),
    });
    if (answer === 'action') return setup;
  }
}
