// nodemailer's createTransport(...) in JavaScript and TypeScript sources, read with a real
// parser (@babel/parser: JS, TS and JSX as they are written, well kept, no native code). The
// options are resolved where they can be: literals, `process.env.X` through the project's
// environment, `Number(...)`, `x === 'true'`, `a || b`, one level of a const the call names.
// What cannot be resolved is reported as such, never guessed. `Boolean(process.env.X)` and
// `!!process.env.X` are the classic trap: the string "false" is true there.
import type { Field, MailConfig, Origin } from './config.js';
import { loadParser, walk } from './js-ast.js';
import { nodemailerMode } from './nodemailer-mode.js';
import { readSmtpUrl } from './read-url.js';

type Env = Readonly<Record<string, string | undefined>>;

// The parser's tree, as far as this reader walks it.
interface Node {
  type: string;
  loc?: { start: { line: number } };
  [key: string]: unknown;
}

/** A resolved option value, or `unknown` with why. */
type Resolved =
  | { kind: 'value'; value: string | number | boolean; boolString?: string }
  | { kind: 'unknown'; env?: string };

/** Reads a module another one imports (`./smtp-options.js`), relative to the importer: its
 *  path and text, or undefined when it cannot be found. */
export type ReadModule = (fromFile: string, specifier: string) => Promise<{ file: string; text: string } | undefined>;

interface Parsed {
  ast: Node;
  consts: Map<string, Node>;
  /** Local name → where it is imported from (relative modules only) and its exported name. */
  imports: Map<string, { source: string; name: string }>;
  /** Exported name → its value (`default` included). */
  exported: Map<string, Node>;
  calls: Node[];
}

function parseSource(text: string, file: string): Parsed | undefined {
  const { parse } = loadParser();
  let ast: Node;
  try {
    ast = parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      plugins: [file.endsWith('.ts') || file.endsWith('.mts') || file.endsWith('.cts') ? 'typescript' : 'jsx', ...(file.endsWith('.tsx') ? ['jsx' as const] : [])],
    }) as unknown as Node;
  } catch {
    return undefined;
  }
  const parsed: Parsed = { ast, consts: new Map(), imports: new Map(), exported: new Map(), calls: [] };
  walk<Node>(ast, (node) => {
    if (node.type === 'VariableDeclarator' && (node.id as Node).type === 'Identifier' && node.init !== null && node.init !== undefined) {
      parsed.consts.set((node.id as Node).name as string, node.init as Node);
    }
    if (node.type === 'CallExpression' && calleeName(node.callee as Node) === 'createTransport') parsed.calls.push(node);
    if (node.type === 'ImportDeclaration' && /^\.{1,2}\//.test((node.source as Node).value as string)) {
      for (const specifier of node.specifiers as Node[]) {
        const local = (specifier.local as Node).name as string;
        const name = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportSpecifier' ? (((specifier.imported as Node).name ?? (specifier.imported as Node).value) as string) : undefined;
        if (name !== undefined) parsed.imports.set(local, { source: (node.source as Node).value as string, name });
      }
    }
    if (node.type === 'ExportNamedDeclaration' && (node.declaration as Node | null)?.type === 'VariableDeclaration') {
      for (const declarator of (node.declaration as Node).declarations as Node[]) {
        if ((declarator.id as Node).type === 'Identifier' && declarator.init != null) parsed.exported.set((declarator.id as Node).name as string, declarator.init as Node);
      }
    }
    if (node.type === 'ExportDefaultDeclaration') parsed.exported.set('default', node.declaration as Node);
  });
  return parsed;
}

/** Every createTransport call in a source file, as a config; options imported from a relative
 *  module are read there, with `readModule`. Parsing is lazy: the parser loads only when a file
 *  mentions createTransport at all. */
export async function readJsConfigs(text: string, file: string, environment: Env = {}, readModule?: ReadModule): Promise<MailConfig[]> {
  if (!text.includes('createTransport')) return [];
  const parsed = parseSource(text, file);
  if (parsed === undefined) return [];
  const { consts, calls } = parsed;
  // A module of options meant for createTransport elsewhere (what the nodemailer writer emits:
  // `export const smtpOptions = { host, port, secure, … }`, and the call only in a comment or
  // another file): each object that has a host and a mail option is such a config.
  if (calls.length === 0) {
    const at = (node: Node | undefined, key: string): Origin => ({ file, key, ...(node?.loc === undefined ? {} : { line: node.loc.start.line }) });
    return [...consts.values()]
      .filter((init) => init.type === 'ObjectExpression' && looksLikeOptions(properties(init)))
      .map((init) => fromOptions(init, at, environment, consts));
  }
  const configs = await Promise.all(calls.map(async (call) => {
    const [first] = call.arguments as Node[];
    const imported = first?.type === 'Identifier' && !consts.has(first.name as string) ? parsed.imports.get(first.name as string) : undefined;
    if (imported !== undefined && readModule !== undefined) return fromModule(file, imported, environment, readModule);
    const options = first?.type === 'Identifier' ? consts.get(first.name as string) : first;
    const at = (node: Node | undefined, key: string): Origin => ({ file, key, ...(node?.loc === undefined ? {} : { line: node.loc.start.line }) });
    if (options === undefined) return [];
    if (options.type === 'StringLiteral' || (options.type === 'TemplateLiteral' && (options.expressions as Node[]).length === 0)) {
      const url = options.type === 'StringLiteral' ? options.value as string : ((options.quasis as Node[])[0]!.value as { cooked: string }).cooked;
      const config = readSmtpUrl(url, 'nodemailer-url', at(options, 'createTransport'));
      return config === undefined ? [] : [config];
    }
    if (options.type !== 'ObjectExpression') return [];
    return [fromOptions(options, at, environment, consts)];
  }));
  return configs.flat();
}

/** Options another module exports (`import { smtpOptions } from './smtp-options.js'`), read
 *  there, so each finding points at the line that sets it. */
async function fromModule(importer: string, imported: { source: string; name: string }, environment: Env, readModule: ReadModule): Promise<MailConfig[]> {
  const module = await readModule(importer, imported.source);
  if (module === undefined) return [];
  const parsed = parseSource(module.text, module.file);
  let options = parsed?.exported.get(imported.name);
  if (options?.type === 'Identifier') options = parsed?.consts.get(options.name as string);
  if (parsed === undefined || options?.type !== 'ObjectExpression') return [];
  const at = (node: Node | undefined, key: string): Origin => ({ file: module.file, key, ...(node?.loc === undefined ? {} : { line: node.loc.start.line }) });
  return [fromOptions(options, at, environment, parsed.consts)];
}

function fromOptions(options: Node, at: (node: Node | undefined, key: string) => Origin, environment: Env, consts: ReadonlyMap<string, Node>): MailConfig {
  const props = properties(options);
  const unresolved: Origin[] = [];
  const booleanStrings: Array<Field<string>> = [];
  const read = (key: string, parent = props): { node?: Node; resolved?: Resolved } => {
    const node = parent.get(key);
    if (node === undefined) return {};
    const resolved = resolve(node, environment, consts);
    if (resolved.kind === 'unknown') unresolved.push(at(node, key));
    if (resolved.kind === 'value' && resolved.boolString !== undefined) booleanStrings.push({ value: resolved.boolString, origin: at(node, key) });
    return { node, resolved };
  };
  const value = (r: { resolved?: Resolved }) => (r.resolved?.kind === 'value' ? r.resolved.value : undefined);
  const host = read('host');
  const port = read('port');
  const secure = read('secure');
  const requireTls = read('requireTLS');
  const ignoreTls = read('ignoreTLS');
  const portValue = typeof value(port) === 'number' ? value(port) as number : typeof value(port) === 'string' && /^\d{1,5}$/.test(value(port) as string) ? Number(value(port)) : undefined;
  // A given flag that cannot be worked out counts as false (and is reported unresolved).
  const given = (r: { node?: Node; resolved?: Resolved }) => (r.node === undefined ? undefined : value(r) === true);
  const mode = nodemailerMode({ secure: given(secure), ignoreTLS: given(ignoreTls), requireTLS: given(requireTls) }, portValue);
  const modeNode = (mode === 'implicit-tls' ? secure.node : mode === 'none' ? ignoreTls.node : requireTls.node ?? secure.node) ?? options;
  const modeKey = mode === 'implicit-tls' && secure.node !== undefined ? 'secure' : mode === 'none' ? 'ignoreTLS' : requireTls.node !== undefined ? 'requireTLS' : secure.node !== undefined ? 'secure' : 'createTransport';
  const config: MailConfig = { format: 'nodemailer', mode: { value: mode, origin: at(modeNode, modeKey) }, booleanStrings, unresolved };
  if (typeof value(host) === 'string' && value(host) !== '') config.host = { value: value(host) as string, origin: at(host.node, 'host') };
  if (portValue !== undefined) config.port = { value: portValue, origin: at(port.node, 'port') };
  const auth = props.get('auth');
  if (auth?.type === 'ObjectExpression') {
    const authProps = properties(auth);
    const user = read('user', authProps);
    if (typeof value(user) === 'string') config.username = { value: value(user) as string, origin: at(user.node, 'auth.user') };
    const pass = authProps.get('pass');
    if (pass !== undefined) {
      config.password = at(pass, 'auth.pass');
      config.passwordLiteral = pass.type === 'StringLiteral' || (pass.type === 'TemplateLiteral' && (pass.expressions as Node[]).length === 0);
    }
  }
  const tls = props.get('tls');
  if (tls?.type === 'ObjectExpression') {
    const tlsProps = properties(tls);
    const reject = read('rejectUnauthorized', tlsProps);
    if (value(reject) === false) config.verifyDisabled = at(reject.node, 'tls.rejectUnauthorized');
    const minVersion = read('minVersion', tlsProps);
    const servername = read('servername', tlsProps);
    const options: NonNullable<MailConfig['tls']> = {};
    if (typeof value(minVersion) === 'string') options.minVersion = { value: value(minVersion) as string, origin: at(minVersion.node, 'tls.minVersion') };
    if (typeof value(servername) === 'string') options.servername = { value: value(servername) as string, origin: at(servername.node, 'tls.servername') };
    if (tlsProps.has('ca')) options.ca = at(tlsProps.get('ca'), 'tls.ca');
    if (Object.keys(options).length > 0) config.tls = options;
  }
  const authMethod = read('authMethod');
  if (typeof value(authMethod) === 'string') config.authMethod = { value: value(authMethod) as string, origin: at(authMethod.node, 'authMethod') };
  return config;
}

/** A value as the running program would compute it, where that can be known statically. */
function resolve(node: Node, environment: Env, consts: ReadonlyMap<string, Node>, depth = 0): Resolved {
  if (depth > 4) return { kind: 'unknown' };
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return { kind: 'value', value: node.value as string | number | boolean };
    case 'TemplateLiteral':
      return (node.expressions as Node[]).length === 0 ? { kind: 'value', value: ((node.quasis as Node[])[0]!.value as { cooked: string }).cooked } : { kind: 'unknown' };
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return resolve(node.expression as Node, environment, consts, depth + 1);
    case 'Identifier': {
      const init = consts.get(node.name as string);
      return init === undefined ? { kind: 'unknown' } : resolve(init, environment, consts, depth + 1);
    }
    case 'MemberExpression': {
      const name = envName(node);
      if (name === undefined) return { kind: 'unknown' };
      const found = environment[name];
      return found === undefined ? { kind: 'unknown', env: name } : { kind: 'value', value: found };
    }
    case 'LogicalExpression': {
      const left = resolve(node.left as Node, environment, consts, depth + 1);
      const op = node.operator as string;
      if (left.kind === 'value' && (op === '??' || (op === '||' && left.value !== '' && left.value !== 0 && left.value !== false))) return left;
      return resolve(node.right as Node, environment, consts, depth + 1);
    }
    case 'BinaryExpression': {
      if (node.operator !== '===' && node.operator !== '==' && node.operator !== '!==' && node.operator !== '!=') return { kind: 'unknown' };
      const left = resolve(node.left as Node, environment, consts, depth + 1);
      const right = resolve(node.right as Node, environment, consts, depth + 1);
      if (left.kind !== 'value' || right.kind !== 'value') return { kind: 'unknown' };
      const same = String(left.value) === String(right.value);
      return { kind: 'value', value: node.operator === '===' || node.operator === '==' ? same : !same };
    }
    case 'CallExpression': {
      const callee = calleeName(node.callee as Node);
      const [arg] = node.arguments as Node[];
      if (arg === undefined) return { kind: 'unknown' };
      const inner = resolve(arg, environment, consts, depth + 1);
      if (inner.kind !== 'value') return inner;
      if (callee === 'Number' || callee === 'parseInt') {
        const n = Number.parseInt(String(inner.value), 10);
        return Number.isNaN(n) ? { kind: 'unknown' } : { kind: 'value', value: n };
      }
      // Boolean("false") is true: the trap is kept as what the program does, and named.
      if (callee === 'Boolean') return booleanOf(inner.value);
      return { kind: 'unknown' };
    }
    case 'UnaryExpression': {
      if (node.operator !== '!') return { kind: 'unknown' };
      const arg = node.argument as Node;
      if (arg.type === 'UnaryExpression' && arg.operator === '!') {
        const inner = resolve(arg.argument as Node, environment, consts, depth + 1);
        return inner.kind === 'value' ? booleanOf(inner.value) : inner;
      }
      const inner = resolve(arg, environment, consts, depth + 1);
      return inner.kind === 'value' ? { kind: 'value', value: !inner.value } : inner;
    }
    default:
      return { kind: 'unknown' };
  }
}

/** What `Boolean(value)` gives, remembering a string that reads as the opposite. */
function booleanOf(value: string | number | boolean): Resolved {
  const truthy = Boolean(value);
  const misleading = typeof value === 'string' && truthy && /^(false|0|no|off)$/i.test(value.trim());
  return { kind: 'value', value: truthy, ...(misleading ? { boolString: value } : {}) };
}

/** `process.env.X` or `process.env['X']` → X. */
function envName(node: Node): string | undefined {
  const object = node.object as Node;
  if (object.type !== 'MemberExpression') return undefined;
  const proc = object.object as Node;
  const env = object.property as Node;
  if (proc.type !== 'Identifier' || proc.name !== 'process' || env.type !== 'Identifier' || env.name !== 'env') return undefined;
  const property = node.property as Node;
  if (!node.computed && property.type === 'Identifier') return property.name as string;
  if (property.type === 'StringLiteral') return property.value as string;
  return undefined;
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression' && (callee.property as Node).type === 'Identifier') return (callee.property as Node).name as string;
  return undefined;
}

function looksLikeOptions(props: ReadonlyMap<string, Node>): boolean {
  return props.has('host') && ['port', 'secure', 'requireTLS', 'auth'].some((key) => props.has(key));
}

function properties(object: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const prop of object.properties as Node[]) {
    if (prop.type !== 'ObjectProperty') continue;
    const key = prop.key as Node;
    const name = key.type === 'Identifier' ? key.name as string : key.type === 'StringLiteral' ? key.value as string : undefined;
    if (name !== undefined) out.set(name, prop.value as Node);
  }
  return out;
}
