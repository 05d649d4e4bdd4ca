// The real loaders and clients that read generated configs back, each run on many files at
// once where it can (one JVM, one Python, one Ruby). Every reader returns, per file, the
// values exactly as that program understood them, or an error string.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runClient, describeRun } from './client-harness.js';

export type Values = Record<string, string>;
export type ReadResult = Values | { error: string };

const PYTHON = '/usr/bin/python3';
const PHP_SHARE = '/usr/share/php';

async function runJson(command: string, args: string[], cwd: string): Promise<ReadResult[]> {
  const run = await runClient(command, args, { cwd, env: { HOME: cwd } });
  if (run.code !== 0) throw new Error(`${command} failed: ${describeRun(run)}`);
  return JSON.parse(run.stdout) as ReadResult[];
}

const END_OF_FILE = 'AUTOCONF_END_OF_FILE';

/** `set -a; . file`, one subshell per file: a .env sourced by bash, as deploy scripts do. */
export async function readWithBash(files: string[], cwd: string): Promise<ReadResult[]> {
  const script = `for f; do ( set -a; . "$f" && env -0 || printf 'error=exit %s\\0' "$?" ); printf '${END_OF_FILE}=1\\0'; done`;
  const run = await runClient('bash', ['-c', script, 'bash', ...files], { cwd });
  if (run.code !== 0) throw new Error(`bash failed: ${describeRun(run)}`);
  const results: ReadResult[] = [];
  let values: Values = {};
  for (const entry of run.stdout.split('\0')) {
    const at = entry.indexOf('=');
    if (at <= 0) continue;
    if (entry.slice(0, at) === END_OF_FILE) {
      results.push(values);
      values = {};
    } else {
      values[entry.slice(0, at)] = entry.slice(at + 1);
    }
  }
  return results;
}

/** util.parseEnv is the parser behind `node --env-file`. */
export function readWithNodeEnvFile(text: string): ReadResult {
  try {
    return parseEnv(text) as Values;
  } catch (error) {
    return { error: String(error) };
  }
}

export function readWithPythonDotenv(files: string[], cwd: string): Promise<ReadResult[]> {
  const script = 'import json, sys\nfrom dotenv import dotenv_values\nprint(json.dumps([{k: v for k, v in dotenv_values(f).items() if v is not None} for f in sys.argv[1:]]))';
  return runJson(PYTHON, ['-c', script, ...files], cwd);
}

function phpDotenvScript(parse: string, autoload: string): string {
  return `require '${autoload}';
$out = [];
foreach (array_slice($argv, 1) as $f) {
  try { $out[] = (object) ${parse}; } catch (Throwable $e) { $out[] = ['error' => get_class($e) . ': ' . $e->getMessage()]; }
}
echo json_encode($out);`;
}

export function readWithPhpDotenv(files: string[], cwd: string): Promise<ReadResult[]> {
  return runJson('php', ['-r', phpDotenvScript('Dotenv\\Dotenv::parse(file_get_contents($f))', `${PHP_SHARE}/Dotenv/autoload.php`), '--', ...files], cwd);
}

export function readWithSymfonyDotenv(files: string[], cwd: string): Promise<ReadResult[]> {
  // parse() is what load() uses; it expands $VAR and runs $(…) outside single quotes.
  const parse = '(new Symfony\\Component\\Dotenv\\Dotenv())->parse(file_get_contents($f), $f)';
  return runJson('php', ['-r', phpDotenvScript(parse, `${PHP_SHARE}/Symfony/Component/Dotenv/autoload.php`), '--', ...files], cwd);
}

export function readPythonModules(files: string[], cwd: string): Promise<ReadResult[]> {
  // The module is executed (it is Python); the password inside connect() is read from the
  // parsed call, as the interpreter would evaluate it.
  const script = `import ast, json, sys
out = []
for f in sys.argv[1:]:
    src = open(f, encoding='utf-8').read()
    ns = {}
    try:
        exec(compile(src, f, 'exec'), ns)
    except Exception as e:
        out.append({'error': repr(e)}); continue
    values = {k: v for k, v in ns.items() if k.isupper() and isinstance(v, str)}
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Call) and getattr(node.func, 'attr', '') == 'login':
            values['LOGIN_PASSWORD'] = ast.literal_eval(node.args[1])
    out.append(values)
print(json.dumps(out))`;
  return runJson(PYTHON, ['-c', script, ...files], cwd);
}

export function readPythonXml(files: string[], cwd: string): Promise<ReadResult[]> {
  const script = `import json, sys
import xml.etree.ElementTree as ET
out = []
for f in sys.argv[1:]:
    try:
        root = ET.parse(f).getroot()
        out.append({'username': root.findtext('.//outgoingServer/username'), 'hostname': root.findtext('.//outgoingServer/hostname')})
    except Exception as e:
        out.append({'error': repr(e)})
print(json.dumps(out))`;
  return runJson(PYTHON, ['-c', script, ...files], cwd);
}

export function readRailsSnippets(files: string[], cwd: string): Promise<ReadResult[]> {
  const script = `require 'json'
AM = Struct.new(:delivery_method, :smtp_settings)
Config = Struct.new(:action_mailer)
out = ARGV.map do |f|
  begin
    config = Config.new(AM.new)
    eval(File.read(f), binding, f)
    s = config.action_mailer.smtp_settings
    { 'user' => s[:user_name], 'pass' => s[:password], 'host' => s[:address] }
  rescue Exception => e
    { 'error' => e.inspect }
  end
end
print JSON.generate(out)`;
  return runJson('ruby', ['-e', script, ...files], cwd);
}

const JAVA_PROGRAM = `
import java.io.*;
import java.util.*;

public class ReadProperties {
  static String json(String s) {
    StringBuilder b = new StringBuilder("\\"");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\\\') b.append(String.format("\\\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
  public static void main(String[] args) throws Exception {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < args.length; i++) {
      Properties p = new Properties();
      try (InputStream in = new FileInputStream(args[i])) { p.load(in); }
      out.append(i == 0 ? "{" : ",{");
      boolean first = true;
      for (String key : p.stringPropertyNames()) {
        out.append(first ? "" : ",").append(json(key)).append(':').append(json(p.getProperty(key)));
        first = false;
      }
      out.append('}');
    }
    System.out.print(out.append(']'));
  }
}
`;

/** java.util.Properties.load, the reader under Spring Boot's application.properties. */
export function readJavaProperties(files: string[], cwd: string): Promise<ReadResult[]> {
  const source = join(cwd, 'ReadProperties.java');
  writeFileSync(source, JAVA_PROGRAM);
  return runJson('java', ['-Xshare:auto', '-XX:TieredStopAtLevel=1', source, ...files], cwd);
}

export async function readPhpMailer(file: string, cwd: string): Promise<ReadResult> {
  const script = `require '${PHP_SHARE}/libphp-phpmailer/autoload.php';
require $argv[1];
$m = new PHPMailer\\PHPMailer\\PHPMailer();
autoconf_configure_mailer($m);
echo json_encode(['user' => $m->Username, 'pass' => $m->Password, 'host' => $m->Host]);`;
  const run = await runClient('php', ['-r', script, '--', file], { cwd, env: { HOME: cwd } });
  return run.code === 0 ? (JSON.parse(run.stdout) as Values) : { error: describeRun(run) };
}

export async function readNodeModule(file: string): Promise<ReadResult> {
  try {
    const module = (await import(pathToFileURL(file).href)) as { smtpOptions: { host: string; auth: { user: string; pass: string } } };
    return { user: module.smtpOptions.auth.user, pass: module.smtpOptions.auth.pass, host: module.smtpOptions.host };
  } catch (error) {
    return { error: String(error) };
  }
}

/** `git config -z --list`: every key, a newline, its exact value, a NUL. */
export async function readGitConfig(file: string, cwd: string): Promise<ReadResult> {
  const run = await runClient('git', ['config', '-f', file, '-z', '--list'], { cwd, env: { HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } });
  if (run.code !== 0) return { error: describeRun(run) };
  const values: Values = {};
  for (const entry of run.stdout.split('\0')) {
    const at = entry.indexOf('\n');
    if (at > 0) values[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return values;
}

/** `neomutt -Q var` prints `set var = "…"` with \\ and \" escaped. */
export async function readNeomutt(file: string, variables: string[], cwd: string): Promise<ReadResult> {
  const run = await runClient('neomutt', ['-n', '-F', file, ...variables.flatMap((name) => ['-Q', name])], { cwd, env: { HOME: cwd, TERM: 'dumb', LC_ALL: 'C.UTF-8' } });
  if (run.code !== 0) return { error: describeRun(run) };
  const values: Values = {};
  for (const line of run.stdout.split('\n')) {
    const match = /^set (\w+) = "(.*)"$/.exec(line) ?? /^(\w+)="(.*)"$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2].replace(/\\(.)/g, '$1');
  }
  return values;
}

/** RFC 3986 userinfo read back the way URL-taking clients do. */
export function readUrlUserinfo(value: string | undefined): { user: string; pass: string } | undefined {
  if (value === undefined) return undefined;
  const url = new URL(value);
  return { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
}
