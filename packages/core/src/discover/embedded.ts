// The offline source: our provider table first, then nodemailer's well-known services list
// (SMTP only) with its quirks normalised. Answers without any network.
import services from 'nodemailer/lib/well-known/services.json' with { type: 'json' };
import type { AuthMethod, Candidate, LintNote } from '../types.js';
import { PROVIDERS, type Provider, type ProviderServer } from './providers.js';
import { createRecorder } from './record.js';
import type { DiscoverContext } from './types.js';
import { note } from '../notes.js';

interface WellKnownEntry {
  description?: string;
  host?: string;
  port?: number | string;
  secure?: boolean;
  ignoreTLS?: boolean;
  authMethod?: string;
  aliases?: string[];
  domains?: string[];
}

// Mail catchers for development: they accept anything and deliver nothing.
const TEST_SINKS = new Set(['maildev', 'mailcatch.app', 'mailosaur', 'debugmail', 'ethereal']);
const IMPLICIT_TLS_PORT = 465;

const TEST_SINK_NOTE = note('test-sink', 'A mail-testing service: messages are captured, never delivered.');

/** nodemailer's list as providers: SMTP only, no usernames, entries without a port dropped. */
export const WELL_KNOWN_SERVICES: readonly Provider[] = Object.entries(services as Record<string, WellKnownEntry>).map(
  ([key, entry]) => normaliseService(key, entry),
);

function normaliseService(key: string, entry: WellKnownEntry): Provider {
  const notes: LintNote[] = [];
  const port = typeof entry.port === 'string' ? Number.parseInt(entry.port, 10) : entry.port;
  const servers: ProviderServer[] = [];
  if (entry.host === undefined || port === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
    notes.push(note('port-missing', `nodemailer's "${key}" has no usable host and port; skipped.`));
  } else if (entry.ignoreTLS === true) {
    // A service that turns TLS off is a local catcher (Maildev): never offered.
    notes.push(note('no-tls', `nodemailer's "${key}" disables TLS; skipped.`));
  } else {
    // nodemailer switches to implicit TLS on 465 by itself; elsewhere it starts in cleartext
    // and upgrades with STARTTLS.
    const implicit = entry.secure === true || (entry.secure === undefined && port === IMPLICIT_TLS_PORT);
    servers.push({
      protocol: 'smtp',
      host: entry.host.toLowerCase(),
      port,
      security: implicit ? 'tls' : 'starttls',
      authMethods: authFrom(entry.authMethod),
    });
  }
  if (TEST_SINKS.has(normaliseKey(key))) notes.push(TEST_SINK_NOTE);
  const names = [key, ...(entry.aliases ?? []), ...(entry.domains ?? [])].map(normaliseKey).filter((name) => name.includes('.'));
  return { id: `nodemailer:${normaliseKey(key)}`, name: entry.description ?? key, domains: [...new Set(names)], mxSuffixes: [], servers, notes };
}

function authFrom(method: string | undefined): AuthMethod[] {
  return method === 'XOAUTH2' ? ['oauth2'] : ['password-cleartext'];
}

/** nodemailer's own key normalisation: keep letters, digits, dots and dashes; lower-case. */
function normaliseKey(key: string): string {
  return key.replace(/[^a-zA-Z0-9.-]/g, '').toLowerCase();
}

const BY_DOMAIN = new Map<string, Provider>();
for (const provider of [...WELL_KNOWN_SERVICES].reverse()) for (const domain of provider.domains) BY_DOMAIN.set(domain, provider);
// Our table is written per provider and covers IMAP/POP3 too, so it wins over nodemailer's.
for (const provider of [...PROVIDERS].reverse()) for (const domain of provider.domains) BY_DOMAIN.set(domain, provider);

const MX_SUFFIXES = PROVIDERS.flatMap((provider) => provider.mxSuffixes.map((suffix) => ({ suffix, provider })))
  .sort((a, b) => b.suffix.length - a.suffix.length);

export function findEmbeddedProvider(domain: string): Provider | undefined {
  return BY_DOMAIN.get(domain.toLowerCase().replace(/\.$/, ''));
}

/** The provider whose MX suffix matches the host on label boundaries, longest suffix first. */
export function findProviderByMx(mxHost: string): Provider | undefined {
  const host = mxHost.toLowerCase().replace(/\.$/, '');
  return MX_SUFFIXES.find(({ suffix }) => host === suffix || host.endsWith(`.${suffix}`))?.provider;
}


/** Candidates for a provider's servers, as the given source proposes them. */
export function candidatesFromProvider(
  provider: Provider,
  from: Pick<Candidate, 'source' | 'evidence' | 'trust'>,
  firstRank = 0,
): Candidate[] {
  return provider.servers.map((server, index) => ({
    protocol: server.protocol,
    host: server.host,
    port: server.port,
    security: server.security,
    // Kept as a template: the report expands it for whichever address it serves.
    ...(server.usernameTemplate === undefined ? {} : { usernameTemplate: server.usernameTemplate }),
    authMethods: [...server.authMethods],
    ...from,
    // Our own table names these hosts, whoever pointed us at the provider.
    vouched: true,
    rank: firstRank + index,
    ...(provider.notes.length > 0 ? { notes: [...provider.notes] } : {}),
  }));
}

/** Needs no network: the offline path calls it without one. */
export async function discoverEmbedded(ctx: Pick<DiscoverContext, 'address' | 'onRequest'>) {
  const recorder = createRecorder('embedded', ctx.onRequest);
  const provider = findEmbeddedProvider(ctx.address.domain);
  if (provider === undefined) return recorder.finish([]);
  recorder.request(`embedded:${provider.id}`);
  for (const note of provider.notes) recorder.note(note);
  recorder.note(note('provider', `Known provider: ${provider.name}.`, `embedded:${provider.id}`));
  const candidates = candidatesFromProvider(provider, { source: 'embedded', evidence: `embedded:${provider.id}`, trust: 'published' });
  return recorder.finish(candidates, candidates.length === 0 ? 'empty' : undefined);
}
