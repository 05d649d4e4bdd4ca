import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// l10n/bundle.l10n.json: every t('…') string of the sources, English to English; translators
// copy it to bundle.l10n.<locale>.json (the `vscode.l10n` convention).
export function collectMessages(dir = 'src') {
  const messages = new Set();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) messages.add(match[1].replace(/\\(.)/g, '$1'));
  }
  return Object.fromEntries([...messages].sort().map((m) => [m, m]));
}
