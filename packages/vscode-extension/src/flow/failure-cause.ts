// Why a detection found nothing usable, in one sentence naming the real cause — a dead DNS
// server in the settings, a domain that does not exist or takes no mail, only untrusted
// certificates, the deadline — and the setting at fault when there is one. The fixes in core's
// findings name CLI flags; here the cause names the extension's setting instead.
import type { Finding, Report } from '@autoconf/core';
import { t } from './l10n.js';
import type { Settings } from './settings.js';

export interface FailureCause {
  message: string;
  /** The `autoconf.*` setting to open, when the cause lies there. */
  setting?: string;
}

const CODE_ORDER = ['no-network', 'null-mx', 'test-sink', 'deadline', 'not-found'] as const;

function firstOf(report: Report, code: string): Finding | undefined {
  return report.findings.find((finding) => finding.code === code);
}

/** High findings on the servers that answered (certificates, a stripped STARTTLS, plaintext). */
function serverProblems(report: Report): Finding[] {
  return report.findings.filter((f) => f.severity === 'high' && f.endpoint !== undefined);
}

/** Nothing published and nothing answered reads as a typo; servers that answered badly do not. */
function notFound(report: Report): string {
  const address = report.address.addressUnicode;
  if (report.probes.length === 0) {
    return t('No usable mail server found for {0}: nothing is published for {1} and no server could be tried. Check the spelling of the domain, or ask the provider for its settings.', address, report.address.domainUnicode);
  }
  const tried = report.probes.slice(0, 3).map((p) => `${p.host}:${p.port} ${p.message}`).join('; ');
  return t('No usable mail server found for {0}: {1} server(s) tried, none usable ({2}).', address, report.probes.length, tried);
}

export function explainNoSetup(report: Report, settings: Pick<Settings, 'nameservers' | 'timeoutMs'>): FailureCause {
  const address = report.address.addressUnicode;
  const network = firstOf(report, 'no-network');
  if (network !== undefined) {
    if (settings.nameservers.length > 0) {
      return {
        message: t('No answer from the DNS server(s) in autoconf.dnsServers ({0}) for {1}: {2}', settings.nameservers.join(', '), address, network.message),
        setting: 'autoconf.dnsServers',
      };
    }
    return { message: t('The network or DNS failed, not the domain ({0}): {1}', address, network.message) };
  }
  const problems = serverProblems(report);
  if (problems.length > 0 && firstOf(report, 'null-mx') === undefined) {
    const shown = problems.slice(0, 3).map((f) => f.message).join('; ');
    return { message: t('Servers for {0} answered, but none safely ({1} problem(s)): {2}', address, problems.length, shown) };
  }
  for (const code of CODE_ORDER) {
    const finding = firstOf(report, code);
    if (finding === undefined || code === 'no-network') continue;
    if (code === 'deadline' && settings.nameservers.length > 0 && report.probes.length === 0) {
      // Not one server was even tried: no name was resolved, and the DNS servers are the user's.
      return {
        message: t('No answer before the deadline from the DNS server(s) in autoconf.dnsServers ({0}): nothing about {1} could be looked up. Check that they answer, or clear the setting to use the system\'s.', settings.nameservers.join(', '), report.address.domainUnicode),
        setting: 'autoconf.dnsServers',
      };
    }
    if (code === 'deadline') {
      return {
        message: t('The deadline ({0} s) ended the detection of {1} before a server answered: {2}', Math.round(settings.timeoutMs / 1000), address, finding.message),
        setting: 'autoconf.timeoutSeconds',
      };
    }
    if (code === 'not-found') return { message: notFound(report) };
    return { message: t('No usable mail server found for {0}: {1}', address, `${finding.message} ${finding.fix}`) };
  }
  return { message: t('No usable mail server found for {0}: {1}', address, t('no usable server answered.')) };
}
