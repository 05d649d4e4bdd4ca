// A detector shares one detection per domain, but each report must carry only its own
// address: the shared facts (requests with `emailaddress=…`, usernames, evidence) are
// rewritten from the address they were gathered for to the caller's, as the same requests
// would have read for it. Only whole addresses are replaced, in every spelling they are sent.
import type { ParsedAddress } from './address.js';

function spellings(address: ParsedAddress): string[] {
  const forms = new Set([address.input, address.address, address.addressUnicode]);
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form));
    // application/x-www-form-urlencoded (URLSearchParams) spells spaces and some marks differently.
    forms.add(new URLSearchParams({ a: form }).toString().slice(2));
  }
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/** A deep copy of `facts` with every spelling of `from` replaced by the same spelling of `to`. */
export function readdress<T>(facts: T, from: ParsedAddress, to: ParsedAddress): T {
  if (from.input === to.input && from.address === to.address) return facts;
  const source = spellings(from);
  const target = new Map<string, string>();
  const pairs: Array<[string, string]> = [
    [from.input, to.input],
    [from.address, to.address],
    [from.addressUnicode, to.addressUnicode],
  ];
  for (const [a, b] of pairs) {
    target.set(a, b);
    target.set(encodeURIComponent(a), encodeURIComponent(b));
    target.set(new URLSearchParams({ a }).toString().slice(2), new URLSearchParams({ a: b }).toString().slice(2));
  }
  const pattern = new RegExp(source.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  const rewrite = (text: string): string => text.replace(pattern, (match) => target.get(match) ?? target.get(match.toLowerCase()) ?? caseless(target, match));
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return rewrite(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    }
    return value;
  };
  return walk(facts) as T;
}

// Domains and percent-escapes match in any case (%40 and %40, Example.com and example.com).
function caseless(target: Map<string, string>, match: string): string {
  for (const [from, to] of target) if (from.toLowerCase() === match.toLowerCase()) return to;
  return match;
}
