// The shape of detect()'s options, checked at the door: an unknown key (a typo such as
// `timeout` for `timeoutMs`) or a value of the wrong type is OPTION_INVALID before any work
// starts, instead of being ignored or failing deep inside a stage. The table is typed against
// DetectOptions, so an option added there without a check here does not compile.
import { SOURCE_NAMES } from './discover/types.js';
import { AutoconfError } from './errors.js';
import { parseServerSpec } from './net/resolv-conf.js';
import type { DetectOptions } from './options.js';

type Check = (value: unknown, name: string) => void;

const fail = (name: string, expected: string, value: unknown): never => {
  const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
  throw new AutoconfError('OPTION_INVALID', `${name} must be ${expected}; got ${got}.`);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const boolean: Check = (value, name) => {
  if (typeof value !== 'boolean') fail(name, 'true or false', value);
};
const number: Check = (value, name) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(name, 'a finite number', value);
};
const string: Check = (value, name) => {
  if (typeof value !== 'string') fail(name, 'a string', value);
};
const strings: Check = (value, name) => {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail(name, 'a list of strings', value);
};
const object: Check = (value, name) => {
  if (!isRecord(value)) fail(name, 'an object', value);
};
const callback: Check = (value, name) => {
  if (typeof value !== 'function') fail(name, 'a function', value);
};
const signal: Check = (value, name) => {
  if (!(value instanceof AbortSignal)) fail(name, 'an AbortSignal', value);
};
const network: Check = (value, name) => {
  const resolver = isRecord(value) ? value.resolver : undefined;
  if (!isRecord(value) || typeof value.lookup !== 'function' || !isRecord(resolver) || typeof resolver.query !== 'function') {
    fail(name, 'a network from createNetwork()', value);
  }
};
const numberOrPerSource: Check = (value, name) => {
  if (typeof value === 'number') number(value, name);
  else if (isRecord(value)) {
    for (const [source, each] of Object.entries(value)) {
      if (!(SOURCE_NAMES as readonly string[]).includes(source)) throw new AutoconfError('OPTION_INVALID', `Unknown discovery source "${source}" in ${name}.`);
      number(each, `${name}.${source}`);
    }
  }
  else fail(name, 'a number or { source: number }', value);
};
const nameservers: Check = (value, name) => {
  strings(value, name);
  if ((value as string[]).length === 0) fail(name, 'a non-empty list of DNS servers', value);
  // Throws DNS_SERVER_INVALID naming the bad entry.
  for (const spec of value as string[]) parseServerSpec(spec);
};
const ehloName: Check = (value, name) => {
  string(value, name);
  if (!/^[\x21-\x7e]{1,255}$/.test(value as string)) fail(name, 'one word of printable ASCII', value);
};
const credentials: Check = (value, name) => {
  object(value, name);
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!['password', 'username', 'allowHosts'].includes(key)) throw new AutoconfError('OPTION_INVALID', `Unknown option ${name}.${key}.`);
  }
  string(given.password, `${name}.password`);
  if (given.username !== undefined) string(given.username, `${name}.username`);
  if (given.allowHosts !== undefined) strings(given.allowHosts, `${name}.allowHosts`);
};

const OPTION_CHECKS = {
  network,
  nameservers,
  extraCa: strings,
  nodeExtraCaCerts: boolean,
  systemCa: boolean,
  dnsTimeoutMs: number,
  dnsAttempts: number,
  timeoutMs: number,
  sourceTimeoutMs: numberOrPerSource,
  connectTimeoutMs: number,
  stepTimeoutMs: number,
  probeTimeoutMs: number,
  policy: string,
  sources: object,
  ispdbBaseUrl: string,
  allowHttp: boolean,
  trustResolver: boolean,
  allowInsecure: boolean,
  blockPrivateTargets: boolean,
  probe: boolean,
  exhaustive: boolean,
  offline: boolean,
  concurrency: number,
  ehloName,
  transcript: boolean,
  verifyLogin: credentials,
  signal,
  onProgress: callback,
} as const satisfies Record<keyof DetectOptions, Check>;

/** Throws OPTION_INVALID (DNS_SERVER_INVALID for a bad server) on the first bad option. */
export function checkOptionShapes(options: unknown): void {
  if (options === undefined) return;
  if (!isRecord(options)) fail('options', 'an object', options);
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    const check = (OPTION_CHECKS as Record<string, Check>)[key];
    if (check === undefined) {
      const near = Object.keys(OPTION_CHECKS).find((known) => known.toLowerCase().startsWith(key.toLowerCase()) || key.toLowerCase().startsWith(known.toLowerCase()));
      throw new AutoconfError('OPTION_INVALID', `Unknown option "${key}".${near === undefined ? '' : ` Did you mean "${near}"?`}`);
    }
    // `undefined` means "the default", as an absent key does.
    if (value !== undefined) check(value, key);
  }
}
