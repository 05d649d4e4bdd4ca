// What each detection event says in the progress notification (short) and in the log (full).
import type { ProgressEvent } from '@autoconf/core';
import { t } from './l10n.js';

export function describeProgress(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'stage':
      return {
        discover: t('Looking for published settings…'),
        probe: t('Probing the servers…'),
        rank: t('Ranking the results…'),
        login: t('Checking the login…'),
        done: t('Done.'),
      }[event.stage];
    case 'source-start':
      return t('Asking {0}…', event.source);
    case 'probe-start':
      return t('Probing {0} {1}:{2}…', event.request.protocol.toUpperCase(), event.request.host, event.request.port);
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
