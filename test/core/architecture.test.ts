// The folder-level import graph of packages/core/src stays acyclic (DESIGN: imports point down
// the flow only). Each folder (rank/, verify/, …) is one node and each top-level file
// (options.ts, types.ts, …) is its own. Type-only imports count: a type shared across stages
// is vocabulary, and vocabulary belongs below every stage that uses it, not inside one of them.
// Dynamic import() counts too: loading a module late does not change who depends on whom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages/core/src');

/** Every module specifier a file names: import and export … from (type-only too), import(),
 *  and import('…') types. */
function specifiersOf(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first !== undefined && ts.isStringLiteralLike(first)) found.push(first.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// A top-level file split out of another for length only, imported by nothing else (checked
// below): option-checks.ts holds options.ts's door checks and names DetectOptions back so an
// option added without a check does not compile.
const PART_OF: Record<string, string> = { 'option-checks.ts': 'options.ts' };

/** `rank/` for a file in a folder, `options.ts` for a top-level file. */
function nodeOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split(sep);
  return rest.length === 0 ? PART_OF[first!] ?? first! : `${first}/`;
}

/** Every relative import as [importing file, imported file], both relative to SRC. */
function fileImports(): Array<[string, string]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => join(SRC, name));
  return files.flatMap((file) =>
    specifiersOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier): [string, string] => {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        assert.ok(target.startsWith(SRC + sep), `${relative(SRC, file)} imports ${specifier}, outside packages/core/src`);
        return [relative(SRC, file), relative(SRC, target)];
      }),
  );
}

interface Edge { from: string; to: string; files: string[] }

function folderGraph(imports = fileImports()): Map<string, Map<string, Edge>> {
  const graph = new Map<string, Map<string, Edge>>();
  for (const [file, target] of imports) {
    const from = nodeOf(join(SRC, file));
    const to = nodeOf(join(SRC, target));
    if (!graph.has(from)) graph.set(from, new Map());
    if (to === from) continue;
    const edges = graph.get(from)!;
    const edge = edges.get(to) ?? { from, to, files: [] };
    edge.files.push(`${file} → ${target}`);
    edges.set(to, edge);
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan), each as one closed walk. */
function findCycles(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return components;
}

/** One cycle through the first node of a component, by breadth-first search inside it. */
function cycleIn(component: readonly string[], graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

test('the cycle finder reports a cycle and passes a straight line (so the real check can fail)', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([from, to]) => [from, new Map(to.map((t) => [t, true]))]));
  const looped = graph({ 'options.ts': ['rank/'], 'rank/': ['verify/', 'types.ts'], 'verify/': ['options.ts'], 'types.ts': [] });
  const cycles = findCycles(looped);
  assert.deepEqual(cycles, [['options.ts', 'rank/', 'verify/']]);
  assert.deepEqual(cycleIn(cycles[0]!, looped), ['options.ts', 'rank/', 'verify/', 'options.ts']);
  assert.deepEqual(findCycles(graph({ 'detect.ts': ['report/', 'rank/'], 'report/': ['rank/'], 'rank/': ['verify/'], 'verify/': [] })), []);
});

test('the graph is read from the sources, type-only imports included', () => {
  const graph = folderGraph();
  // Known edges of the flow; if the parser missed imports, the acyclic check would prove nothing.
  assert.ok(graph.get('detect.ts')?.has('report/'), 'detect.ts → report/');
  assert.ok(graph.get('detect.ts')?.has('verify/'), 'detect.ts → verify/');
  assert.ok(graph.get('report/')?.has('rank/'), 'report/ → rank/ (a type-only import)');
  assert.ok(graph.get('verify/')?.has('probe/'), 'verify/ → probe/');
});

test('the folder-level import graph of packages/core/src has no cycle', () => {
  const graph = folderGraph();
  const cycles = findCycles(graph);
  const explain = cycles.map((component) => {
    const walk = cycleIn(component, graph);
    const because = walk.slice(1).map((to, i) => `    ${graph.get(walk[i]!)!.get(to)!.files.join('\n    ')}`);
    return `  ${walk.join(' → ')} (all of ${component.join(', ')})\n${because.join('\n')}`;
  });
  assert.deepEqual(cycles, [], `import cycles between folders:\n${explain.join('\n')}`);
});

test('a file counted as part of another is imported by that file only', () => {
  const imports = fileImports();
  for (const [part, whole] of Object.entries(PART_OF)) {
    const importers = [...new Set(imports.filter(([, target]) => target === part).map(([file]) => file))];
    assert.deepEqual(importers, [whole], `${part} is counted as part of ${whole}, so only ${whole} may import it`);
  }
});

test('imports point down the flow: no stage imports one that runs after it', () => {
  // DESIGN: detect → report → rank → verify → discover/probe → parse/net. A rule a lower stage
  // needs (the scheduler's stop rule) is passed in as a function, not imported.
  const LEVELS: string[][] = [
    ['detect.ts', 'detector.ts', 'check-logins.ts'],
    ['report/'],
    ['rank/'],
    ['verify/'],
    ['discover/', 'probe/'],
    ['parse/', 'net/'],
  ];
  const levelOf = new Map(LEVELS.flatMap((nodes, level) => nodes.map((node): [string, number] => [node, level])));
  const graph = folderGraph();
  for (const node of levelOf.keys()) assert.ok(graph.has(node), `${node} is not in packages/core/src any more: update LEVELS`);
  const upward = [...graph.values()].flatMap((edges) => [...edges.values()]).filter((edge) => {
    const from = levelOf.get(edge.from);
    const to = levelOf.get(edge.to);
    return from !== undefined && to !== undefined && to < from;
  });
  assert.deepEqual(upward.map((edge) => `${edge.from} → ${edge.to}`), [], upward.map((edge) => edge.files.join('\n')).join('\n'));
});
