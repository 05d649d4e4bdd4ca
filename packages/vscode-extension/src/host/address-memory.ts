// The last address typed into "Detect mail settings…", for the next time the box opens: this
// workspace's own last address first, else the last one typed in any workspace.
import type * as vscode from 'vscode';
import type { AddressMemory } from '../flow/address-input.js';

const LAST_ADDRESS_KEY = 'autoconf.lastAddress';

export function createAddressMemory(context: Pick<vscode.ExtensionContext, 'workspaceState' | 'globalState'>): AddressMemory {
  return {
    last: () => context.workspaceState.get<string>(LAST_ADDRESS_KEY) ?? context.globalState.get<string>(LAST_ADDRESS_KEY),
    async remember(address) {
      await Promise.all([context.workspaceState.update(LAST_ADDRESS_KEY, address), context.globalState.update(LAST_ADDRESS_KEY, address)]);
    },
  };
}
