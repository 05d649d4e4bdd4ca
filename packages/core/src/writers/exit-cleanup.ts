// Files that must not outlive the process (a temp file mid-write, a held lock): removed on
// process.exit() too, since a second Ctrl-C or the CLI's stop grace ends the process without
// unwinding our finally blocks.
import { unlinkSync } from 'node:fs';

const pending = new Set<string>();
let hookInstalled = false;

/** Removes `path` at exit unless `forget(path)` came first. */
export function removeOnExit(path: string): void {
  if (!hookInstalled) {
    hookInstalled = true;
    process.on('exit', () => {
      for (const file of pending) {
        try {
          unlinkSync(file);
        } catch {
          // Already renamed into place or removed.
        }
      }
    });
  }
  pending.add(path);
}

export function forget(path: string): void {
  pending.delete(path);
}
