// For the harness's own tests: starts a world, then hangs or throws. Argument:
// 'wait' (default) never finishes, 'block' blocks the event loop so only the launcher's
// kill can end it, 'throw' fails. The world's dir goes to stderr first.
import { runScenario } from '../scenario.js';
import { startWorld } from '../world.js';

await runScenario(async (args) => {
  const world = await startWorld();
  process.stderr.write(`world dir: ${world.dir}\n`);
  if (args[0] === 'throw') throw new Error('deliberate failure');
  if (args[0] === 'block') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return new Promise(() => {});
});
