// The "packet capture" view: every DNS query, URL and protocol line with its time, on
// stderr. Fed by onProgress events, the traced resolver and the probes' transcripts.
// Every line shown here can carry bytes a server chose: each is passed through
// showControlCharacters before colours are added, so ESC, OSC and CR arrive as visible text.
import {
  showControlCharacters, showControlCharactersDeep, type DnsAnswer, type ProbeResult, type ProgressEvent, type SourceRecord, type TranscriptLine,
} from '@autoconf/core';
import type { Colors } from '../color.js';

export interface Tracer {
  event(event: ProgressEvent): void;
  dns(answer: DnsAnswer, ms: number): void;
  lookup(hostname: string, error: Error | null, address: unknown, ms: number): void;
}

const DIRECTION: Record<TranscriptLine['dir'], string> = { c: 'C:', s: 'S:', tls: 'TLS', info: '--' };

function pad(ms: number): string {
  return `${Math.round(ms)}`.padStart(6) + ' ms';
}

function describeRecords(answer: DnsAnswer): string {
  if (answer.status !== 'ok') return answer.status + (answer.error ? ` (${answer.error})` : '');
  const shown = answer.records.slice(0, 6).map((record) => (typeof record === 'string' ? record : JSON.stringify(record)));
  const more = answer.records.length > shown.length ? ` … ${answer.records.length - shown.length} more` : '';
  return shown.join(', ') + more;
}

export function formatTranscriptLine(line: TranscriptLine, c: Colors): string {
  const text = `${pad(line.at)}  ${DIRECTION[line.dir]} ${showControlCharacters(line.line)}`;
  return line.dir === 'c' ? c.cyan(text) : line.dir === 's' ? text : c.dim(text);
}

export function formatProbeSummary(unsafeResult: ProbeResult): string {
  const result = showControlCharactersDeep(unsafeResult);
  const tls = result.tls ? `, ${result.tls.protocol}, certificate ${result.tls.authorized ? 'trusted' : `NOT trusted (${result.tls.authorizationError ?? 'unknown'})`}` : '';
  return `${result.outcome} in ${Math.round(result.durationMs)} ms: ${result.observedSecurity}${tls}${result.message ? ` — ${result.message}` : ''}`;
}

function formatSource(record: SourceRecord): string[] {
  const lines = [`source ${record.source}: ${record.status}, ${record.candidates} candidate(s), ${Math.round(record.durationMs)} ms`];
  for (const request of record.requests) lines.push(`    ${request}`);
  if (record.error) lines.push(`    error ${record.error.code}: ${record.error.message}`);
  for (const note of record.notes) lines.push(`    note [${note.severity}] ${note.code}: ${note.message}`);
  return lines;
}

export function createTracer(write: (text: string) => void, c: Colors): Tracer {
  const started = performance.now();
  const emit = (text: string) => write(`${c.dim(`[${pad(performance.now() - started)}]`)} ${text}\n`);
  return {
    dns(answer, ms) {
      const line = `dns ${answer.type} ${answer.name} → ${describeRecords(answer)} (${Math.round(ms)} ms${answer.server ? ` from ${answer.server}` : ''})`;
      emit(showControlCharacters(line));
    },
    lookup(hostname, error, address, ms) {
      const shown = error ? `failed: ${error.message}` : Array.isArray(address) ? address.map((a: { address?: string }) => a.address ?? String(a)).join(', ') : String(address);
      emit(showControlCharacters(`lookup ${hostname} → ${shown} (${Math.round(ms)} ms)`));
    },
    event(unsafeEvent) {
      const event = showControlCharactersDeep(unsafeEvent);
      switch (event.type) {
        case 'stage':
          emit(c.bold(`stage ${event.stage}`));
          break;
        case 'source-start':
          emit(`source ${event.source} started`);
          break;
        case 'source-end':
          for (const line of formatSource(event.record)) emit(line);
          break;
        case 'probe-start':
          emit(`probe ${event.request.protocol} ${event.request.host}:${event.request.port} ${event.request.security} started`);
          break;
        case 'probe-end': {
          const r = event.result;
          emit(`probe ${r.protocol} ${r.host}:${r.port} ${r.requestedSecurity}: ${formatProbeSummary(r)}`);
          for (const line of r.transcript ?? []) write(`           ${formatTranscriptLine(line, c)}\n`);
          break;
        }
      }
    },
  };
}
