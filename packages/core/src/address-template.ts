// The facts a detection gathers are kept in template form: no address in them, so one
// detection can serve every address of a domain (createDetector) without carrying one
// caller's address into another's report. The address is taken out where it enters (what a
// source sent, what a server echoed: `templateSourceResult`) and put back once, for the address
// a report or a discovery serves (the `expand…` functions). Text only: hosts, ports and modes
// are the domain's and stay as they are.
import { expandText, expandUsername, templateText, templateUsername, type ParsedAddress } from './address.js';
import type { AddressedCandidate, Candidate, LintNote, MergedCandidate, Provenance, SourceRecord, SourceResult } from './types.js';

type Parts = Pick<ParsedAddress, 'input' | 'address' | 'addressUnicode' | 'localPart' | 'domain'>;

function mapNote(note: LintNote, map: (text: string) => string): LintNote {
  return { ...note, message: map(note.message), ...(note.at === undefined ? {} : { at: map(note.at) }) };
}

function mapRecord(record: SourceRecord, map: (text: string) => string): SourceRecord {
  return {
    ...record,
    requests: record.requests.map(map),
    notes: record.notes.map((note) => mapNote(note, map)),
    ...(record.error === undefined ? {} : { error: { ...record.error, message: map(record.error.message) } }),
  };
}

/** What one source returned, in template form. The source itself asked with the real address. */
export function templateSourceResult(result: SourceResult, parts: Parts): SourceResult {
  const map = (text: string): string => templateText(text, parts);
  return {
    record: mapRecord(result.record, map),
    candidates: result.candidates.map((candidate): Candidate => ({
      ...candidate,
      evidence: map(candidate.evidence),
      ...(candidate.usernameTemplate === undefined ? {} : { usernameTemplate: templateUsername(candidate.usernameTemplate, parts) }),
      ...(candidate.notes === undefined ? {} : { notes: candidate.notes.map((note) => mapNote(note, map)) }),
    })),
  };
}

/** One line a source asked (a URL, a DNS name), in template form. */
export function templateRequest(what: string, parts: Parts): string {
  return templateText(what, parts);
}

export function expandRecord(record: SourceRecord, parts: Parts): SourceRecord {
  return mapRecord(record, (text) => expandText(text, parts));
}

export function expandNote(note: LintNote, parts: Parts): LintNote {
  return mapNote(note, (text) => expandText(text, parts));
}

function expandProvenance(entry: Provenance, parts: Parts): Provenance {
  return {
    ...entry,
    evidence: expandText(entry.evidence, parts),
    ...(entry.notes === undefined ? {} : { notes: entry.notes.map((note) => expandNote(note, parts)) }),
  };
}

/** A merged candidate for one address: its username expanded, its evidence and notes too. */
export function expandCandidate(candidate: MergedCandidate, parts: Parts): AddressedCandidate {
  const { usernameTemplate, authMethods, trust, provenance, ...endpoint } = candidate;
  // In the order the report has always listed them.
  return {
    ...endpoint,
    ...(usernameTemplate === undefined ? {} : { usernameTemplate, username: expandUsername(usernameTemplate, parts) }),
    authMethods,
    trust,
    provenance: provenance.map((entry) => expandProvenance(entry, parts)),
  };
}
