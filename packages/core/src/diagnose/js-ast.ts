// The JS/TS parser and a walk over its tree, shared by the reader of createTransport(...) and
// the editor's quick fixes, which rewrite the same options.
import { createRequire } from 'node:module';

/** The parser on first use. Through require, not import(): the CLI and the extension run as
 *  CommonJS bundles (the CLI's compiled with V8's code cache), where require is at hand and a
 *  dynamic import() would need an experimental loader hook. */
export function loadParser(): typeof import('@babel/parser') {
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  return load('@babel/parser') as typeof import('@babel/parser');
}

/** Every node of a parsed tree, depth first (positions and comments are not nodes). */
export function walk<N extends { type: string }>(node: unknown, visit: (node: N) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object' || typeof (node as N).type !== 'string') return;
  visit(node as N);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments' && typeof value === 'object') walk(value, visit);
  }
}
