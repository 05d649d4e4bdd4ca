// Child processes of a world: real daemons kept in the foreground so the world owns them,
// output to a log file, stopped with SIGTERM then SIGKILL. Every wait here is bounded.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';

const POLL_INTERVAL_MS = 25;
const CONNECT_ATTEMPT_MS = 250;
const STOP_GRACE_MS = 2_000;
const COMMAND_TIMEOUT_MS = 5_000;

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** The tail of the output and the daemon's own log, for error messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Runs a short command (ip, nft, mount) and throws with its stderr when it fails. */
export function runCommand(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, { input, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore', timeout: COMMAND_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

/** The numeric id of a system user or group (from the packages' postinst), e.g. 'postfix'. */
export function systemId(kind: 'user' | 'group', name: string): number {
  const file = kind === 'user' ? '/etc/passwd' : '/etc/group';
  const line = readFileSync(file, 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${kind} "${name}" in ${file}: is its package installed?`);
  return Number(line.split(':')[2]);
}

function readTail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '';
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** `logFile` takes the process's stdout and stderr; `daemonLog` is where the daemon itself logs. */
export function spawnServer(name: string, command: string, args: string[], logFile: string, daemonLog?: string): ServerProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.on('error', () => {});
  const logTail = (lines = 20): string =>
    [readTail(logFile, lines), daemonLog ? readTail(daemonLog, lines) : ''].filter((text) => text.trim()).join('\n');
  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_GRACE_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    }
  }
  return { name, child, logFile, logTail, stop };
}

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), CONNECT_ATTEMPT_MS);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once every port accepts a connection; throws (with the server's log) when the
 *  server exits first or the deadline passes. */
export async function waitForPorts(server: ServerProcess, host: string, ports: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ports);
  while (pending.size > 0) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.name} exited (${server.child.exitCode ?? server.child.signalCode}) before listening:\n${server.logTail()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${server.name} not listening on ${host}:${[...pending].join(',')} after ${timeoutMs} ms:\n${server.logTail()}`);
    }
    for (const port of [...pending]) if (await tryConnect(host, port)) pending.delete(port);
    if (pending.size > 0) await sleep(POLL_INTERVAL_MS);
  }
}
