// The host half of a world test: runs a scenario script in fresh network, mount and PID
// namespaces and returns the JSON value it printed. The script is PID 1 of its namespace,
// so killing it (on timeout or abort) ends every server the world started.
// How to write a scenario: see the comment at the top of ./world.ts.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_NETNS_ENV } from './namespace.js';
import { DEADLINE_ENV, PIDNS_PREFIX, RESULT_PREFIX, type ScenarioOutcome } from './scenario.js';
import { WORLD_TMPDIR_ENV } from './world.js';
import { POSTFIX_MASTER } from './postfix.js';
import { DOVECOT_BINARY } from './dovecot.js';
import { hasCommand } from './server-process.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_TIMEOUT_MS = 30_000;
// The script gets a little less time than the launcher, so it can report its own timeout.
const INNER_MARGIN_MS = 2_000;
const OUTPUT_LIMIT_BYTES = 8 * 1024 * 1024;
const STDERR_TAIL_BYTES = 16 * 1024;
const EMPTY_NAMESPACE_WAIT_MS = 3_000;
const EMPTY_NAMESPACE_POLL_MS = 50;

export interface RunInWorldOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const isRoot = (): boolean => process.getuid?.() === 0;

function unshareArgs(): string[] {
  // Root needs no user namespace (and Postfix and Dovecot need real users to drop to).
  const user = isRoot() ? [] : ['--user', '--map-root-user'];
  return [...user, '--net', '--mount', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '--kill-child'];
}

let namespaceReason: string | undefined | null = null;

function checkNamespaces(): string | undefined {
  if (process.platform !== 'linux') return 'worlds need Linux network namespaces';
  if (!hasCommand('unshare') || !hasCommand('ip')) return 'unshare or ip (util-linux, iproute2) not installed';
  if (!hasCommand('nft')) return 'nft (nftables) not installed';
  const probe = spawnSync('unshare', [...unshareArgs(), 'true'], { stdio: 'ignore', timeout: 5_000 });
  return probe.status === 0 ? undefined : `cannot create namespaces here (unshare ${unshareArgs().join(' ')} failed)`;
}

/** Why world tests cannot run on this machine, or undefined when they can: for `{ skip }`. */
/** Outside CI a missing prerequisite skips the world tests with the reason; under CI
 *  (CI=1, or .ci/run's AUTOCONF_CI=1) it fails them, so a broken setup cannot pass as green. */
export function worldSkipReason(needs: { mailServers?: boolean } = {}): string | undefined {
  const reason = worldPrerequisiteMissing(needs);
  if (reason !== undefined && (/^(1|true)$/i.test(process.env.CI ?? '') || process.env.AUTOCONF_CI === '1')) {
    throw new Error(`world tests cannot run under CI: ${reason}`);
  }
  return reason;
}

function worldPrerequisiteMissing(needs: { mailServers?: boolean }): string | undefined {
  if (namespaceReason === null) namespaceReason = checkNamespaces();
  if (namespaceReason) return namespaceReason;
  if (needs.mailServers) {
    if (!existsSync(POSTFIX_MASTER) || !existsSync(DOVECOT_BINARY)) {
      return 'postfix, dovecot-imapd and dovecot-pop3d are not installed (scripts/setup.sh installs them)';
    }
    if (!isRoot()) return 'Postfix and Dovecot worlds need root (they switch to their own system users)';
  }
  return undefined;
}

/** Host PIDs of the processes in a PID namespace (`pid:[inode]`). */
function processesIn(pidNamespace: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/pid`) === pidNamespace) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** The kernel kills a PID namespace's processes when its init dies, but not synchronously:
 *  wait for it, and kill (by PID) and report whatever is still there after the bound. */
async function reapNamespace(pidNamespace: string | undefined): Promise<string | undefined> {
  if (!pidNamespace) return undefined;
  const deadline = Date.now() + EMPTY_NAMESPACE_WAIT_MS;
  for (let left = processesIn(pidNamespace); left.length > 0; left = processesIn(pidNamespace)) {
    if (Date.now() > deadline) {
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      return `processes survived the world and were killed: ${left.join(', ')}`;
    }
    await new Promise((wake) => setTimeout(wake, EMPTY_NAMESPACE_POLL_MS));
  }
  return undefined;
}

function parseOutcome(stdout: string): ScenarioOutcome | undefined {
  const line = stdout.split('\n').reverse().find((entry) => entry.startsWith(RESULT_PREFIX));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_PREFIX.length)) as ScenarioOutcome);
}

/** Runs `scenario` (a path from the repo root, or absolute) inside a new world namespace
 *  and resolves with the value its body returned; rejects with its error and stderr. */
export function runInWorld<T = unknown>(scenario: string, args: string[] = [], options: RunInWorldOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const script = resolve(REPO_ROOT, scenario);
  // Every file of the world goes here; removed below, also when the scenario was killed.
  const worldTmp = mkdtempSync(join(tmpdir(), 'autoconf-world-'));
  chmodSync(worldTmp, 0o755);
  const env = {
    ...process.env,
    [WORLD_TMPDIR_ENV]: worldTmp,
    [HOST_NETNS_ENV]: readlinkSync('/proc/self/ns/net'),
    [DEADLINE_ENV]: String(Date.now() + Math.max(timeoutMs - INNER_MARGIN_MS, timeoutMs / 2)),
  };
  const node = [process.execPath, '--conditions=source', '--import', 'tsx', script, ...args];
  return new Promise<T>((resolvePromise, reject) => {
    if (options.signal?.aborted) {
      rmSync(worldTmp, { recursive: true, force: true });
      return reject(options.signal.reason);
    }
    const child = spawn('unshare', [...unshareArgs(), '--', ...node], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedFor: string | undefined;
    const kill = (reason: string): void => {
      killedFor ??= reason;
      // --kill-child passes SIGKILL on to the script, the PID namespace's init.
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(`world scenario ${scenario} killed after ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => kill(`world scenario ${scenario} aborted`);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < OUTPUT_LIMIT_BYTES) stdout += chunk;
      else kill(`world scenario ${scenario} printed more than ${OUTPUT_LIMIT_BYTES} bytes`);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (error) => kill(String(error)));
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const pidNamespace = stdout.split('\n').find((line) => line.startsWith(PIDNS_PREFIX))?.slice(PIDNS_PREFIX.length);
      const survivors = await reapNamespace(pidNamespace);
      rmSync(worldTmp, { recursive: true, force: true });
      if (survivors) return reject(new Error(`world scenario ${scenario}: ${survivors}`));
      const detail = stderr.trim() ? `\n--- scenario stderr ---\n${stderr.trim()}` : '';
      let outcome: ScenarioOutcome | undefined;
      try {
        outcome = parseOutcome(stdout);
      } catch (error) {
        return reject(new Error(`world scenario ${scenario} printed a bad result line: ${String(error)}${detail}`));
      }
      if (killedFor) return reject(new Error(`${killedFor}${detail}`));
      if (!outcome) return reject(new Error(`world scenario ${scenario} exited (${code ?? signal}) without a result${detail}`));
      if (!outcome.ok) {
        const error = new Error(`world scenario ${scenario} failed: ${outcome.error.message}${detail}`);
        if (outcome.error.stack) error.stack = `${error.message}\n--- inside the world ---\n${outcome.error.stack}`;
        return reject(error);
      }
      resolvePromise(outcome.value as T);
    });
  });
}
