// The address box: RFC 5322 local-part errors as the user types, the last address already in
// the box, and "did you mean …?" asked (never applied) for a provider domain one typo away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askAddress, suggestAddress, validateAddress, type AddressMemory } from 'autoconf-vscode/internal/flow/address-input.js';
import { runDetect, type FlowDeps } from 'autoconf-vscode/internal/flow/detect-flow.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import { createAddressMemory } from 'autoconf-vscode/internal/host/address-memory.js';
import type { InputRequest, PickRequest } from 'autoconf-vscode/internal/flow/ui.js';
import { createLog, createScriptedUi, createTempWorkspace } from './helpers.js';

function memory(initial?: string): AddressMemory & { saved: string[] } {
  const saved: string[] = [];
  return { saved, last: () => saved.at(-1) ?? initial, remember: async (address) => void saved.push(address) };
}

test('the box refuses local parts RFC 5322 refuses, naming the problem', () => {
  assert.match(validateAddress('bob@@autoconfig.test') ?? '', /contains "@" outside quotes/);
  assert.match(validateAddress('.bob@autoconfig.test') ?? '', /starts with a dot/);
  assert.match(validateAddress('bob.@autoconfig.test') ?? '', /ends with a dot/);
  assert.match(validateAddress('bo..b@autoconfig.test') ?? '', /two dots in a row/);
  assert.equal(validateAddress('"bob@home"@autoconfig.test'), undefined);
  assert.equal(validateAddress('jörg.müller@autoconfig.test'), undefined);
});

test('the last address typed is in the box, and the one accepted is remembered', async () => {
  const kept = memory('dev@shop.test');
  const ui = createScriptedUi([{ input: ' ops@shop.test ' }]);
  assert.equal(await askAddress(ui, kept), 'ops@shop.test');
  assert.equal((ui.calls[0]?.request as InputRequest).value, 'dev@shop.test');
  assert.deepEqual(kept.saved, ['ops@shop.test']);
  const next = createScriptedUi([{ input: undefined }]);
  assert.equal(await askAddress(next, kept), undefined);
  assert.equal((next.calls[0]?.request as InputRequest).value, 'ops@shop.test');
  assert.deepEqual(kept.saved, ['ops@shop.test'], 'a closed box remembers nothing');
  const fresh = createScriptedUi([{ input: undefined }]);
  await askAddress(fresh);
  assert.equal((fresh.calls[0]?.request as InputRequest).value, undefined, 'nothing remembered: an empty box');
});

test('a provider domain one typo away: asked, with "use" first and "keep" second', async () => {
  assert.equal(suggestAddress('bob@gmial.com'), 'bob@gmail.com');
  assert.equal(suggestAddress('bob@gmail.com'), undefined);
  assert.equal(suggestAddress('not an address'), undefined);

  const kept = memory();
  const ui = createScriptedUi([{ input: 'bob@gmial.com' }, { pick: 0 }]);
  assert.equal(await askAddress(ui, kept), 'bob@gmail.com');
  const pick = ui.calls[1]?.request as PickRequest<string>;
  assert.equal(pick.title, 'Did you mean bob@gmail.com?');
  assert.match(pick.placeHolder, /gmial\.com is one typo away from gmail\.com/);
  assert.deepEqual(kept.saved, ['bob@gmail.com']);

  const keep = createScriptedUi([{ input: 'bob@gmial.com' }, { pick: 1 }]);
  assert.equal(await askAddress(keep, kept), 'bob@gmial.com', 'never changed without a yes');
  const dismissed = createScriptedUi([{ input: 'bob@gmial.com' }, { pick: undefined }]);
  assert.equal(await askAddress(dismissed, kept), undefined);
  assert.deepEqual(kept.saved, ['bob@gmail.com', 'bob@gmial.com']);
});

test('the detect command opens the box with the last address and stops when it is closed', async () => {
  const workspace = await createTempWorkspace();
  try {
    const ui = createScriptedUi([{ input: undefined }]);
    const deps: FlowDeps = {
      ui,
      log: createLog(),
      files: workspace,
      readSettings: async () => ({ settings: resolveSettings({}), extraCa: [] }),
      remember: async () => undefined,
      addressMemory: memory('dev@shop.test'),
    };
    assert.deepEqual(await runDetect(deps), { status: 'cancelled' });
    assert.equal((ui.calls[0]?.request as InputRequest).value, 'dev@shop.test');
  } finally {
    await workspace.dispose();
  }
});

test('the host keeps the address per workspace, falling back to the last one anywhere', async () => {
  const store = () => {
    const values = new Map<string, unknown>();
    return { values, keys: () => [...values.keys()], get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, value) };
  };
  const workspaceState = store();
  const globalState = Object.assign(store(), { setKeysForSync: () => undefined });
  const kept = createAddressMemory({ workspaceState, globalState } as never);
  assert.equal(kept.last(), undefined);
  globalState.values.set('autoconf.lastAddress', 'elsewhere@shop.test');
  assert.equal(kept.last(), 'elsewhere@shop.test');
  await kept.remember('here@shop.test');
  assert.equal(kept.last(), 'here@shop.test');
  assert.equal(globalState.values.get('autoconf.lastAddress'), 'here@shop.test');
  globalState.values.set('autoconf.lastAddress', 'later@shop.test');
  assert.equal(kept.last(), 'here@shop.test', 'this workspace\'s own address wins');
});
