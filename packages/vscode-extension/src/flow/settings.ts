// The `autoconf.*` settings, checked once per command and turned into detect() options, plus
// VS Code's own `http.systemCertificates`, which autoconf follows like VS Code's requests do.
import { AutoconfError, POLICIES, type DetectOptions, type NetworkOptions, type Policy } from '@autoconf/core';

export interface RawSettings {
  dnsServers?: unknown;
  timeoutSeconds?: unknown;
  policy?: unknown;
  allowHttp?: unknown;
  defaultTarget?: unknown;
  extraCaFile?: unknown;
  /** VS Code's `http.systemCertificates` (not ours: a value we do not understand is its default). */
  systemCertificates?: unknown;
}

export interface Settings {
  nameservers: string[];
  timeoutMs: number;
  policy: Policy;
  allowHttp: boolean;
  defaultTarget: string;
  extraCaFile: string;
  /** Trust the operating system's CA store too (VS Code's `http.systemCertificates`, default on). */
  systemCa: boolean;
}

const MAX_TIMEOUT_S = 600;
const DEFAULT_TIMEOUT_S = 10;

function invalid(name: string, expected: string): AutoconfError {
  return new AutoconfError('OPTION_INVALID', `The setting autoconf.${name} must be ${expected}.`);
}

export function resolveSettings(raw: RawSettings): Settings {
  const servers = raw.dnsServers ?? [];
  if (!Array.isArray(servers) || servers.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw invalid('dnsServers', 'a list of server addresses such as "192.0.2.53" or "[2001:db8::53]:53"');
  }
  const seconds = raw.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_S) {
    throw invalid('timeoutSeconds', `a number of seconds between 1 and ${MAX_TIMEOUT_S}`);
  }
  const policy = raw.policy ?? 'submission-first';
  if (!POLICIES.includes(policy as Policy)) throw invalid('policy', POLICIES.join(' or '));
  const allowHttp = raw.allowHttp ?? false;
  if (typeof allowHttp !== 'boolean') throw invalid('allowHttp', 'true or false');
  const defaultTarget = raw.defaultTarget ?? '';
  const extraCaFile = raw.extraCaFile ?? '';
  if (typeof defaultTarget !== 'string') throw invalid('defaultTarget', 'a config format id');
  if (typeof extraCaFile !== 'string') throw invalid('extraCaFile', 'a path to a PEM file');
  return {
    nameservers: servers.map((s: string) => s.trim()),
    timeoutMs: Math.round(seconds * 1000),
    policy: policy as Policy,
    allowHttp,
    defaultTarget,
    extraCaFile: extraCaFile.trim(),
    systemCa: raw.systemCertificates !== false,
  };
}

export function detectOptionsOf(settings: Settings, extraCa: string[]): DetectOptions {
  return {
    ...(settings.nameservers.length === 0 ? {} : { nameservers: settings.nameservers }),
    ...(extraCa.length === 0 ? {} : { extraCa }),
    systemCa: settings.systemCa,
    timeoutMs: settings.timeoutMs,
    policy: settings.policy,
    allowHttp: settings.allowHttp,
  };
}

/** For the commands that make their own network (probe, login check). */
export function networkOptionsOf(settings: Settings, extraCa: string[]): NetworkOptions {
  return {
    ...(settings.nameservers.length === 0 ? {} : { servers: settings.nameservers }),
    ...(extraCa.length === 0 ? {} : { extraCa }),
    systemCa: settings.systemCa,
  };
}
