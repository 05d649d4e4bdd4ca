// What each detection event says in the progress notification (short) and in the log (full).
import type { ProgressEvent } from '@autoconf/core';

type SourceName = Extract<ProgressEvent, { type: 'source-start' }>['source'];
import { t } from './l10n.js';

/** What each source does, in words for someone who does not know the source names. */
function describeSource(source: SourceName): string {
  switch (source) {
    case 'embedded': return t('Checking the list of known mail providers…');
    case 'autoconfig': return t('Checking the domain\'s published settings…');
    case 'ispdb': return t('Checking Thunderbird\'s database of mail providers…');
    case 'srv': return t('Looking up the mail services the domain announces in DNS…');
    case 'mx': return t('Looking up who receives the domain\'s mail…');
    case 'autodiscover': return t('Checking the domain\'s Microsoft (Outlook) settings…');
    case 'guess': return t('Trying the usual server names (smtp., mail., imap.)…');
  }
}

export function describeProgress(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'stage':
      return {
        discover: t('Looking for the domain\'s published settings…'),
        probe: t('Connecting to the servers to check them…'),
        rank: t('Choosing the safest setup…'),
        login: t('Checking the login…'),
        done: t('Done.'),
      }[event.stage];
    case 'source-start':
      return describeSource(event.source);
    case 'probe-start':
      return t('Connecting to {0} on port {1} to check it ({2})…', event.request.host, event.request.port, event.request.protocol === 'smtp' ? t('sending') : t('reading'));
    default:
      return undefined;
  }
}

export function logProgress(event: ProgressEvent): string {
  switch (event.type) {
    case 'stage':
      return `stage ${event.stage}`;
    case 'source-start':
      return `source ${event.source}: start`;
    case 'source-end': {
      const r = event.record;
      const error = r.error === undefined ? '' : ` (${r.error.code}: ${r.error.message})`;
      return `source ${r.source}: ${r.status}, ${r.candidates} candidate(s) in ${Math.round(r.durationMs)} ms${error}; ${r.requests.join(', ')}`;
    }
    case 'probe-start':
      return `probe ${event.request.protocol} ${event.request.host}:${event.request.port} (${event.request.security}): start`;
    case 'probe-end': {
      const r = event.result;
      const tls = r.tls === undefined ? '' : `, ${r.tls.protocol}, certificate ${r.tls.authorized ? 'trusted' : r.tls.authorizationError ?? 'not trusted'}`;
      const lines = (r.transcript ?? []).map((line) => `\n  ${String(Math.round(line.at)).padStart(5)} ms ${line.dir.padEnd(4)} ${line.line}`);
      return `probe ${r.protocol} ${r.host}:${r.port} → ${r.outcome} (${r.observedSecurity}${tls}) in ${Math.round(r.durationMs)} ms: ${r.message}${lines.join('')}`;
    }
  }
}
