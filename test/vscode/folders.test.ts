// Multi-root workspaces: with several folders the user names the one to write into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickFolder } from 'autoconf-vscode/internal/flow/folders.js';
import { createScriptedUi } from './helpers.js';

test('one folder is taken without a question; several are asked about, by name and path', async () => {
  const single = createScriptedUi([]);
  assert.equal(await pickFolder(single, [{ name: 'shop', path: '/w/shop', value: 'shop' }]), 'shop');
  assert.deepEqual(single.calls, []);

  const multi = createScriptedUi([{ pick: 1 }]);
  const folders = [{ name: 'web', path: '/w/web', value: 'web' }, { name: 'api', path: '/w/api', value: 'api' }];
  assert.equal(await pickFolder(multi, folders), 'api');
  const request = multi.calls[0]?.request as { items: Array<{ label: string; description: string }> };
  assert.deepEqual(request.items.map((i) => `${i.label} ${i.description}`), ['web /w/web', 'api /w/api']);

  assert.equal(await pickFolder(createScriptedUi([{ pick: undefined }]), folders), undefined, 'Escape ends the command');
});
