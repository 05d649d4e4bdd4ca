// Quick fixes: core's corrections written into the text. A .env goes through core's mergeEnv
// (every other line, comment and quote stays); a source gets its createTransport options'
// values replaced in place, and a missing option added after `secure`. Each fix is one edit,
// the smallest span that differs, so the editor applies it as one undo step.
import { mergeEnv } from '@autoconf/core';
import type { Change } from '@autoconf/core/internal/diagnose/index.js';
import { loadParser, walk } from '@autoconf/core/internal/diagnose/js-ast.js';
import { t } from './l10n.js';

/** Replace [start, end) of the original text with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/** The one span where `before` and `after` differ. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail += 1;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

export function fixTitle(format: string, changes: readonly Change[]): string {
  const spelled = changes.map((c) => (format === 'nodemailer' ? `${c.key}: ${c.to}` : `${c.key}=${c.to}`));
  return t('Change to {0}', spelled.join(', '));
}

/** The .env with the changes merged in (existing keys rewritten where they stand, new ones appended). */
export function fixEnv(text: string, changes: readonly Change[]): TextEdit | undefined {
  const entries = changes.filter((c) => c.to !== null).map((c) => ({ key: c.key, value: c.to as string }));
  return minimalEdit(text, mergeEnv(text, entries, { force: true }).text);
}

interface Node {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number }; end: { line: number } };
  [key: string]: unknown;
}

function propertyName(prop: Node): string | undefined {
  const key = prop.key as Node;
  return key.type === 'Identifier' ? key.name as string : key.type === 'StringLiteral' ? key.value as string : undefined;
}

/** The options objects of every createTransport call (inline, or the const the call names). */
function transportOptions(ast: Node): Node[] {
  const consts = new Map<string, Node>();
  const calls: Node[] = [];
  walk<Node>(ast, (node) => {
    if (node.type === 'VariableDeclarator' && (node.id as Node).type === 'Identifier' && node.init) consts.set((node.id as Node).name as string, node.init as Node);
    const callee = node.type === 'CallExpression' ? node.callee as Node : undefined;
    const name = callee?.type === 'Identifier' ? callee.name : callee?.type === 'MemberExpression' ? ((callee.property as Node).name) : undefined;
    if (name === 'createTransport') calls.push(node);
  });
  return calls.map((call) => {
    const first = (call.arguments as Node[])[0];
    return first?.type === 'Identifier' ? consts.get(first.name as string) : first;
  }).filter((node): node is Node => node?.type === 'ObjectExpression');
}

/** The source with the changes made to the createTransport options that hold the 1-based `line`
 *  (the diagnosis's). Only top-level options with a value are edited; undefined when none applies. */
export function fixJs(text: string, path: string, line: number, changes: readonly Change[]): TextEdit | undefined {
  const typescript = /\.[cm]?tsx?$/.test(path);
  let ast: Node;
  try {
    ast = loadParser().parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      plugins: typescript ? ['typescript', ...(path.endsWith('x') ? ['jsx' as const] : [])] : ['jsx'],
    }) as unknown as Node;
  } catch {
    return undefined;
  }
  const options = transportOptions(ast).find((o) => o.loc.start.line <= line && line <= o.loc.end.line) ?? transportOptions(ast)[0];
  if (options === undefined) return undefined;
  const props = (options.properties as Node[]).filter((p) => p.type === 'ObjectProperty');
  const byName = new Map(props.map((p) => [propertyName(p), p]));
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const change of changes) {
    if (change.to === null || change.key.includes('.')) continue;
    const prop = byName.get(change.key);
    if (prop !== undefined) {
      const value = prop.value as Node;
      if (text.slice(value.start, value.end) !== change.to) edits.push({ start: value.start, end: value.end, text: change.to });
    } else {
      added.push(`${change.key}: ${change.to}`);
    }
  }
  if (added.length > 0) edits.push(insertAfter(text, byName.get('secure') ?? props.at(-1), options, added));
  if (edits.length === 0) return undefined;
  const after = edits.sort((a, b) => b.start - a.start).reduce(applyEdit, text);
  return minimalEdit(text, after);
}

/** New options after `anchor`: on their own lines, indented like it, when the object spans
 *  lines; inline otherwise. */
function insertAfter(text: string, anchor: Node | undefined, options: Node, added: string[]): TextEdit {
  if (anchor === undefined) return { start: options.start + 1, end: options.start + 1, text: ` ${added.join(', ')} ` };
  const comma = /^\s*,/.exec(text.slice(anchor.end));
  const end = anchor.end + (comma?.[0].length ?? 0);
  const lineStart = text.lastIndexOf('\n', anchor.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const multiline = options.loc.start.line !== options.loc.end.line && text.slice(lineStart, anchor.start).trim() === '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (multiline) {
    // A trailing comma after the anchor stays the style: the new lines end with one too.
    const lines = added.map((a, i) => `${indent}${a}${comma !== null || i < added.length - 1 ? ',' : ''}`).join(eol);
    return { start: end, end, text: `${comma === null ? ',' : ''}${eol}${lines}` };
  }
  return comma === null ? { start: end, end, text: `, ${added.join(', ')}` } : { start: end, end, text: ` ${added.join(', ')},` };
}
