// The choices of the result quick pick: the recommendation first, then each alternative as
// "the recommendation with this endpoint instead", each with the findings that concern it.
import type { EndpointRef, Finding, RankedEndpoint, Recommendation, Report } from '@autoconf/core';
import { t } from './l10n.js';
import type { PickItem, Ui } from './ui.js';

export interface Setup {
  recommended: Recommendation;
  findings: Finding[];
  isRecommendation: boolean;
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
    setups.push({ recommended, findings, isRecommendation: false });
  }
  return setups;
}

export function hasHighFinding(setup: Setup): boolean {
  return setup.findings.some((finding) => finding.severity === 'high');
}

function toItem(setup: Setup, report: Report): PickItem<Setup> {
  const endpoints = endpointsOf(setup.recommended as Report['recommended']);
  const verified = endpoints.every((e) => e.verified);
  const warnings = setup.findings.filter((f) => f.severity !== 'info');
  const high = hasHighFinding(setup);
  const status = verified ? t('verified') : t('not verified');
  const role = setup.isRecommendation ? t('recommended') : t('alternative');
  return {
    label: `${high ? '$(warning) ' : setup.isRecommendation ? '$(pass-filled) ' : ''}${endpoints.map(describeEndpoint).join(' · ')}`,
    description: `${role}, ${status}${report.complete ? '' : `, ${t('partial result')}`}`,
    detail: warnings.length === 0
      ? t('No warnings.')
      : warnings.map((f) => `${f.severity.toUpperCase()}: ${f.message}`).join(' — '),
    value: setup,
  };
}

/** The user's choice; a setup with a high-severity finding needs a second, explicit yes. */
export async function pickSetup(ui: Ui, report: Report): Promise<Setup | undefined> {
  const setups = listSetups(report);
  for (;;) {
    const setup = await ui.pick({
      title: t('Mail settings for {0}', report.address.addressUnicode),
      placeHolder: t('Pick the setup to write (the first one is recommended)'),
      items: setups.map((s) => toItem(s, report)),
    });
    if (setup === undefined || !hasHighFinding(setup)) return setup;
    const high = setup.findings.filter((f) => f.severity === 'high');
    const answer = await ui.confirm({
      message: t('This setup has {0} high-severity finding(s).', high.length),
      detail: high.map((f) => `${f.message}\n${t('Fix')}: ${f.fix}`).join('\n\n'),
      action: t('Use it anyway'),
    });
    if (answer === 'action') return setup;
  }
}
