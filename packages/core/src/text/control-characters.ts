// Characters that change how text is read rather than being read: C0 controls (ESC starts
// terminal sequences, CR/LF start config lines), DEL, C1 controls (U+009B is a one-byte CSI
// on some terminals), the Unicode line separators, and the bidirectional formatting
// characters that reorder what a reader sees ("Trojan Source", CVE-2021-42574; UAX #9).
// One table for every door check, every writer and every terminal.

const C0_AND_DEL = '\\u0000-\\u001f\\u007f';
const C1 = '\\u0080-\\u009f';
const LINE_SEPARATORS = '\\u2028\\u2029';
// ALM, LRM, RLM, the embeddings and overrides LRE…RLO, the isolates LRI…PDI.
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

const CONTROL_CLASS = `[${C0_AND_DEL}${C1}${LINE_SEPARATORS}${BIDI}]`;
const CONTROL = new RegExp(CONTROL_CLASS);
const CONTROL_GLOBAL = new RegExp(CONTROL_CLASS, 'g');

// The Unicode "Control Pictures" block draws U+0000…U+001F at U+2400…U+241F and DEL at U+2421.
const CONTROL_PICTURES_BASE = 0x2400;
const DEL_PICTURE = '\u2421';

/** The first control, separator or bidi character in `value`, or undefined when it has none. */
export function findControlCharacter(value: string): string | undefined {
  return CONTROL.exec(value)?.[0];
}

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** Each control, separator and bidi character in `value` replaced by `replacer`'s spelling of it. */
export function replaceControlCharacters(value: string, replacer: (character: string) => string): string {
  return CONTROL.test(value) ? value.replace(CONTROL_GLOBAL, replacer) : value;
}

/** "U+001B": how a note names the character it refused. */
export function describeCodePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text safe to print on a terminal that still shows what was there: C0 controls and DEL as
 * their Control Pictures (ESC → ␛, LF → ␊), C1, separators and bidi characters as <U+XXXX>.
 * Nothing is dropped silently, and nothing can start an escape sequence or a new line.
 */
export function showControlCharacters(value: string): string {
  if (!CONTROL.test(value)) return value;
  return value.replace(CONTROL_GLOBAL, (character) => {
    const code = character.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(CONTROL_PICTURES_BASE + code);
    if (code === 0x7f) return DEL_PICTURE;
    return `<${describeCodePoint(character)}>`;
  });
}

/** Every string inside `value` (objects, arrays, nested) passed through showControlCharacters. */
export function showControlCharactersDeep<T>(value: T): T {
  if (typeof value === 'string') return showControlCharacters(value) as T;
  if (Array.isArray(value)) return value.map((item) => showControlCharactersDeep(item)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, showControlCharactersDeep(item)])) as T;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
