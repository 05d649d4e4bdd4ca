// `autoconf doctor [path…]`: the mail settings a project already has, checked. With no path,
// the project's config files are found from its root down; each config in them is checked
// statically (the classic mistakes), then dialled as its client would dial it, and the fix is
// shown as key-by-key changes. Exit 0 strict, 3 works with a high finding, 1 broken.
import { spawnSync } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { AutoconfError, createDetector, mergeEnv, parseAddress, showControlCharacters, type RankedEndpoint } from '@autoconf/core';
import { readEnvAssignments } from '@autoconf/core/internal/writers/env-merge.js';
import { writeFileAtomic } from '@autoconf/core/internal/writers/write-file-atomic.js';
import { mergeGitConfig, mergeJson, mergeProperties } from '@autoconf/core/internal/writers/keyed-merge.js';
import { readProperties } from '@autoconf/core/internal/diagnose/read-java-properties.js';
import { certificateProblem, expiryWords } from '@autoconf/core/internal/report/words.js';
import { CONTENT_HINTS, configFileKind, diagnoseConfig, type ConfigFileKind, type ReadModule, readConfigFile, type ConfigDiagnosis, type ConfigMode, type RepoState } from '@autoconf/core/internal/diagnose/index.js';
import type { Colors } from '../color.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../run.js';
import { buildDetectOptions, type NetworkFlags } from './detect-setup.js';

/** One file's configs; `listedAbove`: its configs were read already where another file uses them. */
interface FileResult {
  file: string;
  diagnoses: Diagnosed[];
  listedAbove?: boolean;
}

/** A diagnosis, with what autoconf recommends for the username's domain when it checked live. */
type Diagnosed = ConfigDiagnosis & { recommended?: { domain: string; smtp: RankedEndpoint } };

function isAddress(text: string): boolean {
  try {
    parseAddress(text);
    return true;
  } catch {
    return false;
  }
}

export interface DoctorFlags extends NetworkFlags {
  json?: boolean;
  /** Apply the changes to .env files (merge-safe: every other line stays). */
  fix?: boolean;
  /** Apply without asking (needed when there is no terminal to ask on). */
  yes?: boolean;
}

// What marks a project's root, and what is never a project's own config.
const ROOT_MARKERS = ['.git', 'package.json', 'pyproject.toml', 'composer.json', 'Gemfile', 'pom.xml', 'build.gradle', 'manage.py', 'go.mod'];
const SKIPPED = new Set(['node_modules', '.git', 'vendor', 'dist', 'build', 'target', '.venv', 'venv', '__pycache__', '.next', '.cache', 'coverage']);
const MAX_DEPTH = 6;
const MAX_FILES = 200;

const MODE_WORDS: Record<ConfigMode, string> = {
  'implicit-tls': 'implicit TLS',
  'starttls-required': 'STARTTLS, required',
  'starttls-opportunistic': 'STARTTLS only if offered',
  none: 'no TLS',
};
const VERDICT_WORDS = { strict: 'OK: works and is strict', weak: 'WORKS, but with a high finding', broken: 'BROKEN: cannot work as configured' } as const;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** The nearest directory up from `cwd` with a project marker, else `cwd`. */
async function projectRoot(cwd: string): Promise<string> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const marker of ROOT_MARKERS) if (await exists(join(dir, marker))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** Config files a reader knows, from `root` down, skipping dependencies and build output. */
async function findConfigFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) await walk(path, depth + 1);
      else if (entry.isFile() && await isConfigFile(path)) found.push(path);
    }
  };
  await walk(root, 0);
  return found;
}

/** Where a file stands in git, asked of git itself (no git, or no repository: private). */
function gitRepoState(file: string): RepoState {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dirname(file), stdio: 'ignore', timeout: 5_000 }).status;
  if (git('ls-files', '--error-unmatch', '--', file) === 0) return 'tracked';
  if (git('rev-parse', '--is-inside-work-tree') !== 0) return 'private';
  return git('check-ignore', '-q', '--', file) === 0 ? 'private' : 'unignored';
}

// Sources are many; only those that call createTransport are configs (read at most this much).
const MAX_SOURCE_BYTES = 512 * 1024;

// Sources read to look for their hint, kept so each file is read once.
const readForHint = new Map<string, string>();

async function isConfigFile(path: string): Promise<boolean> {
  const kind = configFileKind(path);
  if (kind === undefined) return false;
  const hint = CONTENT_HINTS[kind];
  if (hint === undefined) return true;
  const size = await stat(path).then((s) => s.size, () => Infinity);
  if (size > MAX_SOURCE_BYTES) return false;
  const text = await readFile(path, 'utf8').catch(() => '');
  if (!text.includes(hint)) return false;
  readForHint.set(path, text);
  return true;
}

// How a relative import names a source: as written, or without its extension.
const MODULE_SUFFIXES = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '/index.js', '/index.ts'];

/** The module a source imports, relative to it (import specifiers name .js for .ts too). */
const readRelativeModule: ReadModule = async (fromFile, specifier) => {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [...MODULE_SUFFIXES.map((suffix) => base + suffix), base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts')];
  for (const file of candidates) {
    const size = await stat(file).then((s) => (s.isFile() ? s.size : Infinity), () => Infinity);
    if (size <= MAX_SOURCE_BYTES) return { file, text: await readFile(file, 'utf8') };
  }
  return undefined;
};

/** The variables of the project root's .env, as dotenv would load them. */
async function projectDotenv(root: string): Promise<Record<string, string>> {
  const text = await readFile(join(root, '.env'), 'utf8').catch(() => '');
  return Object.fromEntries(readEnvAssignments(text).map((a) => [a.key, a.value]));
}

async function readTarget(path: string): Promise<string> {
  const read = readForHint.get(path);
  if (read !== undefined) {
    readForHint.delete(path);
    return read;
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new AutoconfError('OPTION_INVALID', `${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
}

export async function runDoctor(paths: readonly string[], context: CommandContext<DoctorFlags>): Promise<number> {
  const { io, flags } = context;
  const root = await projectRoot(io.cwd);
  const files = paths.length > 0 ? paths.map((path) => resolve(io.cwd, path)) : await findConfigFiles(root);
  for (const file of paths.map((path) => resolve(io.cwd, path))) {
    if (configFileKind(file) === undefined) throw new AutoconfError('OPTION_INVALID', `${file}: not a config file autoconf can read (.env, application.properties, settings.py, appsettings.json, .msmtprc, .gitconfig, or a JS/TS, Python, PHP or Ruby source).`);
  }
  const texts = await Promise.all(files.map(readTarget));
  const options = await buildDetectOptions(io, flags);
  const env = io.env as Record<string, string | undefined>;
  // Sources read process.env at run time: the project's .env (as dotenv loads it, without
  // overriding what the environment already sets) resolves what they read.
  const jsEnv = { ...(await projectDotenv(root)), ...env };
  const results: FileResult[] = [];
  const offline = flags.offline === true || flags.probe === false;
  // Live: what autoconf itself recommends for the username's domain goes beside the config
  // (one detection per domain, shared by the configs that log in there).
  const detector = offline ? undefined : createDetector(options);
  const seen = new Set<string>();
  for (const [index, file] of files.entries()) {
    // Sources read process.env, and compose interpolates ${VAR}, from the project's .env.
    const kind = configFileKind(file);
    const configs = await readConfigFile(file, texts[index]!, kind === 'js' || kind === 'compose' ? jsEnv : env, readRelativeModule);
    const diagnoses: Diagnosed[] = [];
    for (const config of configs) {
      // Options a module exports are read where it is imported too: each config once.
      const identity = `${config.mode.origin.file}:${config.mode.origin.line ?? ''}:${config.mode.origin.key}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const diagnosed: Diagnosed = await diagnoseConfig(config, {
        offline,
        repoState: gitRepoState,
        ...(options.network === undefined ? {} : { network: options.network }),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
      });
      const address = config.username?.value;
      if (detector !== undefined && address !== undefined && isAddress(address)) {
        const report = await detector.detect(address);
        if (report.recommended.smtp !== undefined) diagnosed.recommended = { domain: report.address.domainUnicode, smtp: report.recommended.smtp };
      }
      diagnoses.push(diagnosed);
    }
    results.push({ file, diagnoses, ...(configs.length > 0 && diagnoses.length === 0 ? { listedAbove: true } : {}) });
  }
  const all = results.flatMap((r) => r.diagnoses);
  const code = all.some((d) => d.verdict === 'broken') ? EXIT.NOT_FOUND : all.some((d) => d.verdict === 'weak') ? EXIT.HIGH_FINDING : EXIT.OK;
  if (flags.json) {
    io.stdout(JSON.stringify({ root, files: results.map((r) => ({ file: relative(root, r.file), configs: r.diagnoses.map(jsonOf) })) }, null, 2) + '\n');
    return code;
  }
  io.stdout(render(root, results, context.styles.out));
  if (flags.fix) await applyFixes(results, root, context);
  return code;
}

/** How --fix writes a file of each kind it can edit: through the same merges as --write (every
 *  line that is not one of the keys stays as it was). Other formats' changes stay printed. */
type Fixer = (text: string, changes: ReadonlyArray<{ key: string; to: string }>, section: string) => { text: string } | undefined;

/** A change's value as JSON has it: true/false and numbers unquoted (a quoted "false" is the
 *  very trap doctor names), everything else a string. */
function jsonValue(to: string): unknown {
  if (to === 'true' || to === 'false') return to === 'true';
  return /^\d+$/.test(to) ? Number(to) : to;
}
const jsonObject = (changes: ReadonlyArray<{ key: string; to: string }>) => Object.fromEntries(changes.map((c) => [c.key, jsonValue(c.to)]));

const FIXERS: Partial<Record<ConfigFileKind, Fixer>> = {
  env: (text, changes) => mergeEnv(text, changes.map((c) => ({ key: c.key, value: c.to })), { force: true }),
  'nodemailer-json': (text, changes) => mergeJson(text, JSON.stringify(jsonObject(changes)), true),
  // appsettings.json: the keys live in the config's section ("Smtp").
  dotnet: (text, changes, section) => mergeJson(text, JSON.stringify({ [section]: jsonObject(changes) }), true),
  'spring-properties': (text, changes) => mergeProperties(text, changes.map((c) => `${c.key}=${c.to}`).join('\n') + '\n', true),
  'git-config': (text, changes) => mergeGitConfig(text, `[sendemail]\n${changes.map((c) => `\t${c.key} = ${c.to}`).join('\n')}\n`, true),
};

/** The values a file sets now, by key, to show old → new. */
function currentValues(kind: ConfigFileKind, text: string): Map<string, string> {
  if (kind === 'env') return new Map(readEnvAssignments(text).map((a) => [a.key, a.value]));
  if (kind === 'spring-properties') return new Map([...readProperties(text)].map(([key, { value }]) => [key, value]));
  const values = new Map<string, string>();
  for (const match of text.matchAll(/^\s*([A-Za-z][\w-]*)\s*=\s*(.*?)\s*$/gm)) values.set(match[1]!.toLowerCase(), match[2]!);
  return values;
}

/** --fix: the changes that are values, merged into the files whose format allows it, after
 *  showing old → new and a yes on a terminal or --yes. */
async function applyFixes(results: ReadonlyArray<{ file: string; diagnoses: ConfigDiagnosis[] }>, root: string, { io, flags }: CommandContext<DoctorFlags>): Promise<void> {
  for (const { file, diagnoses } of results) {
    const kind = configFileKind(file);
    const fixer = kind === undefined ? undefined : FIXERS[kind];
    const changes = diagnoses.flatMap((d) => d.changes)
      .filter((change): change is typeof change & { to: string } => change.file === file && change.instruction === undefined && change.to !== null);
    if (fixer === undefined || kind === undefined || changes.length === 0) continue;
    const text = await readFile(file, 'utf8');
    const old = currentValues(kind, text);
    const name = relative(root, file) || file;
    const was = (key: string) => old.get(key) ?? old.get(key.toLowerCase());
    io.stderr(`${name}:\n${changes.map((c) => `  ${c.key}: ${was(c.key) === undefined ? '(not set)' : showControlCharacters(was(c.key)!)} → ${c.to}`).join('\n')}\n`);
    const approved = flags.yes === true || (io.stdinIsTTY && io.confirm !== undefined && await io.confirm(`Apply these changes to ${name}?`));
    if (!approved) {
      io.stderr(`autoconf: ${name} left as it was${flags.yes === true || io.stdinIsTTY ? '' : ' (no terminal to ask on: add --yes to apply)'}.\n`);
      continue;
    }
    const section = diagnoses[0]?.config.mode.origin.key.split(':')[0] ?? '';
    const merged = fixer(text, changes, section);
    if (merged === undefined) {
      io.stderr(`autoconf: ${name} has syntax autoconf cannot merge into safely; left as it was: change it by hand.\n`);
      continue;
    }
    await writeFileAtomic(file, merged.text, { expectedOriginal: text, roots: [root] });
    io.stderr(`autoconf: ${name} updated (${changes.length} key(s)); every other line is as it was.\n`);
  }
}

/** The JSON form: the probe's transcript and raw TLS facts stay out; the words stay in. */
function jsonOf(d: Diagnosed): unknown {
  const { live, ...rest } = d;
  return {
    ...rest,
    ...(live === undefined ? {} : {
      live: {
        port: live.port, outcome: live.probe.outcome, observedSecurity: live.probe.observedSecurity, ...live.explanation,
        ...(live.clientError === undefined ? {} : { clientError: live.clientError }),
        ...(live.probe.tls === undefined ? {} : { certificate: { authorized: live.probe.tls.authorized, issuer: live.probe.tls.issuer, validTo: live.probe.tls.validTo, error: live.probe.tls.authorizationError } }),
        authOffered: live.probe.authAfterTls.length > 0 ? live.probe.authAfterTls : live.probe.authBeforeTls,
      },
    }),
  };
}

function render(root: string, results: readonly FileResult[], c: Colors): string {
  const out: string[] = [];
  if (results.length === 0) out.push(`No mail config found under ${root} (.env files, application.properties, Django settings, appsettings.json, .msmtprc, .gitconfig, or sources using nodemailer, smtplib, PHPMailer or Rails' smtp_settings).`);
  for (const { file, diagnoses, listedAbove } of results) {
    out.push(c.bold(relative(root, file) || file));
    if (diagnoses.length === 0) out.push(c.dim(listedAbove ? '  its settings are listed above, where they are used' : '  no mail settings in it'));
    for (const d of diagnoses) {
      const { config } = d;
      const where = `${config.host?.value ?? '(no host)'}:${config.port?.value ?? d.live?.port ?? 'default port'}`;
      const paint = d.verdict === 'strict' ? c.green : d.verdict === 'weak' ? c.yellow : c.red;
      out.push(`  ${config.format} ${showControlCharacters(where)}, ${MODE_WORDS[config.mode.value]}: ${paint(VERDICT_WORDS[d.verdict])}`);
      if (d.live !== undefined) {
        const { probe } = d.live;
        out.push(`    live: ${d.live.explanation.headline}: ${showControlCharacters(d.live.explanation.words)}`);
        if (d.live.clientError !== undefined) out.push(`      your app sees: "${showControlCharacters(d.live.clientError)}"`);
        if (probe.tls !== undefined) {
          const problem = certificateProblem(probe.tls, probe.host);
          out.push(`      certificate: ${problem === undefined ? 'trusted' : `NOT trusted: ${problem}`}, ${expiryWords(probe.tls)}, issued by ${showControlCharacters(probe.tls.issuer)}`);
        }
        const auth = probe.authAfterTls.length > 0 ? probe.authAfterTls : probe.authBeforeTls;
        if (auth.length > 0) out.push(`      login methods offered: ${auth.join(', ')}${probe.authAfterTls.length === 0 ? ' (before TLS)' : ''}`);
      }
      if (d.recommended !== undefined) {
        const { smtp, domain } = d.recommended;
        const same = smtp.host === config.host?.value && smtp.port === (config.port?.value ?? d.live?.port);
        const security = smtp.security === 'tls' ? 'implicit TLS' : smtp.security === 'starttls' ? 'STARTTLS' : 'no TLS';
        out.push(`    autoconf recommends for ${showControlCharacters(domain)}: ${showControlCharacters(smtp.host)}:${smtp.port}, ${security}${smtp.verified ? ', verified' : ', not verified'}${same ? '' : ' (not what this config uses)'}`);
      }
      for (const diagnosis of d.diagnoses) {
        const at = `${diagnosis.origin.key}${diagnosis.origin.line === undefined ? '' : ` (line ${diagnosis.origin.line})`}`;
        out.push(`    ${paint(`[${diagnosis.severity}]`)} ${at}: ${diagnosis.message}`, `      fix: ${diagnosis.fix}`);
      }
      if (d.changes.length > 0) {
        out.push('    change:');
        for (const change of d.changes) {
          // Sources take an option as `key: value`, the files autoconf writes `key=value`.
          const spelled = config.format === 'nodemailer' ? `${change.key}: ${change.to}` : `${change.key}=${change.to}`;
          const value = change.instruction ?? (change.to === null ? `remove ${change.key}` : spelled);
          out.push(`      ${change.file === config.mode.origin.file ? '' : `${change.file}: `}${change.instruction === undefined ? value : `${change.key}: ${value}`}`);
        }
      }
    }
    out.push('');
  }
  return out.join('\n');
}
