// `autoconf lint <file|url|domain>`: what a published configuration gets wrong. A file or
// URL is read as clientConfig XML; a domain gets every published server probed and judged
// (lint-domain.ts).
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AutoconfError, parseAddress, showControlCharacters, showControlCharactersDeep, type LintNote } from '@autoconf/core';
import { httpRequest } from '@autoconf/core/internal/net/http.js';
import { expandUsername } from '@autoconf/core/internal/address.js';
import { parseClientConfig } from '@autoconf/core/internal/parse/client-config.js';
import { EXIT } from '../exit-codes.js';
import { formatNote, hasHighNote } from '../output/lint-note.js';
import type { CommandContext } from '../run.js';
import { createCliNetwork, type NetworkFlags } from './detect-setup.js';
import { lintDomain } from './lint-domain.js';

export interface LintFlags extends NetworkFlags {
  address?: string;
}

function exitCodeForNotes(notes: readonly LintNote[]): number {
  return hasHighNote(notes) ? EXIT.HIGH_FINDING : EXIT.OK;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function fetchConfig(url: string, context: CommandContext<LintFlags>): Promise<string | undefined> {
  const { io, flags } = context;
  const network = await createCliNetwork(io, flags);
  const result = await httpRequest(network, {
    url,
    allowHttp: url.startsWith('http:'),
    ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  if (result.ok) return result.body;
  io.stderr(showControlCharacters(`autoconf: ${url}: ${result.error?.message ?? `HTTP ${result.status}`}`) + '\n');
  return undefined;
}

function lintXml(xml: string, evidence: string, context: CommandContext<LintFlags>, fallbackDomain: string): number {
  const { io, styles, flags } = context;
  const address = parseAddress(flags.address ?? `user@${fallbackDomain}`);
  const parts = { localPart: address.localPart, domain: address.domain, address: address.address };
  const parsed = parseClientConfig(xml, { address: parts, source: 'autoconfig', evidence, trust: 'published' });
  // The document's words are printed, not obeyed: controls and bidi characters made visible.
  const result = showControlCharactersDeep(parsed);
  const c = styles.out;
  const lines = [c.bold(showControlCharacters(evidence))];
  if (result.ok) {
    for (const candidate of result.candidates) {
      const username = candidate.usernameTemplate === undefined ? '' : expandUsername(candidate.usernameTemplate, parts);
      lines.push(`  ${candidate.protocol} ${candidate.host}:${candidate.port} ${candidate.security}${username ? ` user ${showControlCharacters(username)}` : ''}`);
    }
    if (result.candidates.length === 0) lines.push(c.red('  no usable IMAP, POP3 or SMTP server in it'));
  } else {
    lines.push(c.red(`  not a usable clientConfig: ${result.error.message}`));
  }
  lines.push(...(result.notes.length === 0 ? ['  no problems found'] : result.notes.map((note) => formatNote(note, c))));
  io.stdout(lines.join('\n') + '\n');
  if (!result.ok || result.candidates.length === 0) return EXIT.NOT_FOUND;
  return exitCodeForNotes(result.notes);
}

export async function runLint(target: string, context: CommandContext<LintFlags>): Promise<number> {
  const path = resolve(context.io.cwd, target);
  if (await isFile(path)) {
    return lintXml(await readFile(path, 'utf8'), target, context, 'example.com');
  }
  if (/^https?:\/\//i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new AutoconfError('URL_INVALID', `"${target}" is not a URL.`);
    }
    const xml = await fetchConfig(target, context);
    if (xml === undefined) return EXIT.NOT_FOUND;
    const domain = url.searchParams.get('emailaddress')?.split('@')[1] ?? url.hostname.replace(/^autoconfig\./, '');
    return lintXml(xml, target, context, domain);
  }
  // A mistyped file name must not become a network detection of a "domain" called that.
  if (looksLikePath(target)) throw new AutoconfError('OPTION_INVALID', `${target}: no such file (a domain, an address or an https URL also works).`);
  return lintDomain(target, context);
}

/** A path separator, a leading dot or tilde, or a document's file extension: meant as a file. */
function looksLikePath(target: string): boolean {
  return /[/\\]/.test(target) || /^[.~]/.test(target) || /\.(xml|txt|json|conf|cfg)$/i.test(target);
}
