// The inside half of a world test: runs a scenario body, prints its result as one JSON line
// for runInWorld(), and stops every world the body started, also on a throw or a timeout.
import { readlinkSync } from 'node:fs';
import { describeLiveWorlds, stopAllWorlds } from './world.js';

export const RESULT_PREFIX = 'AUTOCONF-WORLD-RESULT ';
/** First line of output: the PID namespace, so the launcher can check that it empties. */
export const PIDNS_PREFIX = 'AUTOCONF-WORLD-PIDNS ';
/** Epoch milliseconds, set by the launcher: the scenario's own deadline, counted from launch
 *  (node and tsx start-up included) and a little before the launcher's kill. */
export const DEADLINE_ENV = 'AUTOCONF_WORLD_DEADLINE';
const DEFAULT_TIMEOUT_MS = 30_000;
const STOP_LIMIT_MS = 5_000;

export type ScenarioOutcome = { ok: true; value: unknown } | { ok: false; error: { message: string; stack?: string } };

function emit(outcome: ScenarioOutcome): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(outcome)}\n`);
}

function describe(error: unknown): { message: string; stack?: string } {
  const logs = describeLiveWorlds();
  const stack = error instanceof Error ? error.stack : undefined;
  return { message: error instanceof Error ? error.message : String(error), stack: logs ? `${stack ?? ''}\n${logs}` : stack };
}

/** As the PID namespace's init, exiting ends every server at once (the launcher checks that
 *  the namespace empties and removes the files): no graceful stop needed, which would cost
 *  a second or two (Dovecot and Postfix wait for their children). */
async function stopWithin(limitMs: number): Promise<void> {
  if (process.pid === 1) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stopAllWorlds(), new Promise((resolve) => (timer = setTimeout(resolve, limitMs)))]);
  clearTimeout(timer);
}

/** Runs `body(args)` and exits the process: the script is the namespace's PID 1, so its exit
 *  also ends any server that did not stop. `body` gets an AbortSignal fired at the timeout. */
export async function runScenario(body: (args: string[], signal: AbortSignal) => Promise<unknown>): Promise<never> {
  process.stdout.write(`${PIDNS_PREFIX}${readlinkSync('/proc/self/ns/pid')}\n`);
  const deadline = Number(process.env[DEADLINE_ENV]) || Date.now() + DEFAULT_TIMEOUT_MS;
  const timeoutMs = Math.max(deadline - Date.now(), 0);
  const controller = new AbortController();
  let finished = false;
  const timer = setTimeout(() => {
    finished = true;
    const message = `scenario timed out (its deadline was ${new Date(deadline).toISOString()})`;
    controller.abort(new Error(message));
    void stopWithin(STOP_LIMIT_MS).finally(() => {
      emit({ ok: false, error: { message } });
      process.exit(1);
    });
  }, timeoutMs);
  let outcome: ScenarioOutcome;
  try {
    outcome = { ok: true, value: await body(process.argv.slice(2), controller.signal) };
  } catch (error) {
    outcome = { ok: false, error: describe(error) };
  }
  if (finished) return new Promise<never>(() => {});
  clearTimeout(timer);
  await stopWithin(STOP_LIMIT_MS);
  emit(outcome);
  // Exit now: sockets or timers left by the code under test must not keep the world alive.
  process.exit(outcome.ok ? 0 : 1);
}
