// AUTOCONF_* environment variables: defaults for the network flags, so a machine behind a
// private resolver or CA sets them once. A flag on the command line always wins; a bad value is
// a usage error naming the variable (exit 2), never silently ignored. The flags that lower
// security (--allow-insecure, --trust-resolver) have no variable: they are asked for per run.
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseMs } from './parse-flags.js';

const POLICIES = ['submission-first', 'implicit-tls-first'] as const;
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

interface EnvDefault {
  variable: string;
  /** The option's attribute name (commander's camelCase of the long flag). */
  attribute: string;
  /** Relative paths resolve against `cwd`, as the flag's do. */
  parse(value: string, cwd: string): unknown;
}

function parseSwitch(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new InvalidArgumentError('expected 1 or 0 (true/false, yes/no, on/off).');
}

function parseList(separator: RegExp): (value: string) => string[] {
  return (value) => {
    const items = value.split(separator).map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) throw new InvalidArgumentError('expected at least one value.');
    return items;
  };
}

// The same spellings --dns takes: ip, ip:port, [v6] or [v6]:port.
const IPV4 = String.raw`(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)`;
const DNS_SERVER = new RegExp(String.raw`^(?:${IPV4}(?::\d{1,5})?|\[[0-9a-f:.]+\](?::\d{1,5})?|[0-9a-f:.]*:[0-9a-f:.]*)$`, 'i');

function parseDnsServers(value: string): string[] {
  const servers = parseList(/[\s,]+/)(value);
  const bad = servers.find((server) => !DNS_SERVER.test(server));
  if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is not a DNS server address (ip, ip:port or [v6]:port).`);
  return servers;
}

// A file that cannot be read is named with the variable that named it, before any work.
function parseCaFiles(value: string, cwd: string): string[] {
  const files = parseList(/[,\n]+/)(value);
  for (const file of files) {
    try {
      accessSync(resolve(cwd, file), constants.R_OK);
    } catch (error) {
      throw new InvalidArgumentError(`${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
    }
  }
  return files;
}

function parsePolicy(value: string): string {
  if (!(POLICIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${POLICIES.join(', ')}.`);
  return value;
}

export const ENV_DEFAULTS: readonly EnvDefault[] = [
  { variable: 'AUTOCONF_TIMEOUT', attribute: 'timeout', parse: parseMs },
  // Several servers or files: separated by commas or spaces (CA paths: commas or newlines).
  { variable: 'AUTOCONF_DNS', attribute: 'dns', parse: parseDnsServers },
  { variable: 'AUTOCONF_CA_FILE', attribute: 'caFile', parse: parseCaFiles },
  { variable: 'AUTOCONF_SYSTEM_CA', attribute: 'systemCa', parse: parseSwitch },
  { variable: 'AUTOCONF_POLICY', attribute: 'policy', parse: parsePolicy },
  { variable: 'AUTOCONF_OFFLINE', attribute: 'offline', parse: parseSwitch },
  // AUTOCONF_PROBE=0 is --no-probe.
  { variable: 'AUTOCONF_PROBE', attribute: 'probe', parse: parseSwitch },
  { variable: 'AUTOCONF_ALLOW_HTTP', attribute: 'allowHttp', parse: parseSwitch },
];

/** Sets each option the command has, and the command line left out, from its variable. */
export function applyEnvDefaults(command: Command, env: Readonly<Record<string, string | undefined>>, cwd: string): void {
  for (const { variable, attribute, parse } of ENV_DEFAULTS) {
    const raw = env[variable];
    // An empty variable is an unset one (`AUTOCONF_DNS= autoconf …` turns it off for one run).
    if (raw === undefined || raw.trim() === '') continue;
    if (!command.options.some((option) => option.attributeName() === attribute)) continue;
    if (command.getOptionValueSource(attribute) === 'cli') continue;
    let value: unknown;
    try {
      value = parse(raw, cwd);
    } catch (error) {
      // command.error prints one line and ends the run as a usage error (exit 2).
      command.error(`error: environment variable ${variable}=${JSON.stringify(raw)}: ${(error as Error).message}`, {
        exitCode: 2,
        code: 'autoconf.invalidEnvironment',
      });
    }
    command.setOptionValueWithSource(attribute, value, 'env');
  }
}
