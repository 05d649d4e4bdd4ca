// The built CLI's commands: dist/cli.cjs (commander, the commands and @autoconf/core in one
// CommonJS file) compiled with V8's code cache from dist/cli.cache. Node 20 keeps no compile
// cache for modules (module.enableCompileCache is Node 22.1+), so without one every run parses
// the whole bundle and compiles each function on its first call: about a third of a cold
// `detect`. build.mjs writes the cache by running the bundle once. A cache that does not fit
// (another Node, other V8 flags, a changed bundle) is rejected by V8, and the file compiles as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { Commands } from './load-commands.js';

export const BUNDLE_NAME = 'cli.cjs';
export const CACHE_NAME = 'cli.cache';

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Compiles the bundle in `directory` as Node compiles a CommonJS file, with the cache when there is one. */
export function compileCommands(directory: string): { script: vm.Script; commands: Commands } {
  const filename = `${directory}/${BUNDLE_NAME}`;
  const source = readFileSync(filename, 'utf8');
  const cachedData = readCache(`${directory}/${CACHE_NAME}`);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = { exports: {} as Commands };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(filename), module, filename, directory);
  return { script, commands: module.exports };
}

export async function loadCommands(): Promise<Commands> {
  return compileCommands(dirname(fileURLToPath(import.meta.url))).commands;
}
