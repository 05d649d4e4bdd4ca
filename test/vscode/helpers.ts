// A scripted Ui for the extension's flows (answers in order, every call recorded) and the
// workspace as real files in a temp dir. No vscode module: the real API is covered by the
// extension-host suite in test/vscode-e2e.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { inspectTarget } from '@autoconf/core/internal/writers/write-file-atomic.js';
import type { ConfirmRequest, DiffRequest, FileEdit, InputRequest, Log, NoticeAction, PickItem, PickRequest, ShowRequest, Ui, WorkspaceFiles } from 'autoconf-vscode/internal/flow/ui.js';

export type Answer =
  | { input: string | undefined }
  | { pick: number | undefined | ((items: PickItem<unknown>[]) => number | undefined) }
  | { confirm: 'action' | 'alternative' | undefined };

export interface Call {
  kind: 'input' | 'pick' | 'confirm' | 'progress' | 'diff' | 'show' | 'notify';
  request?: InputRequest | PickRequest<unknown> | ConfirmRequest | DiffRequest | ShowRequest;
  message?: string;
  level?: string;
  /** A notification's buttons: a test runs one as a click would. */
  actions?: NoticeAction[];
}

export interface ScriptedUi extends Ui {
  calls: Call[];
  progress: string[];
  notices(level?: string): string[];
}

export interface ScriptOptions {
  /** Cancel the progress (as the notification's button would) when a message matches. */
  cancelWhen?: (message: string) => boolean;
  /** How long after the match the user clicks Cancel. */
  cancelDelayMs?: number;
}

export function createScriptedUi(answers: Answer[], options: ScriptOptions = {}): ScriptedUi {
  const queue = [...answers];
  const calls: Call[] = [];
  const progress: string[] = [];
  function next<K extends 'input' | 'pick' | 'confirm'>(kind: K): Extract<Answer, Record<K, unknown>> {
    const answer = queue.shift();
    if (answer === undefined || !(kind in answer)) throw new Error(`the flow asked ${kind}, the script had ${JSON.stringify(answer)}`);
    return answer as Extract<Answer, Record<K, unknown>>;
  }
  return {
    calls,
    progress,
    notices: (level) => calls.filter((c) => c.kind === 'notify' && (level === undefined || c.level === level)).map((c) => c.message ?? ''),
    async input(request) {
      calls.push({ kind: 'input', request });
      const { input } = next('input');
      // What VS Code does: the box cannot be accepted while validateInput returns a message.
      if (input !== undefined && request.validate?.(input) !== undefined) throw new Error(`the input box would refuse ${input}`);
      return input;
    },
    async pick<T>(request: PickRequest<T>) {
      calls.push({ kind: 'pick', request: request as PickRequest<unknown> });
      const { pick } = next('pick');
      // Indexes count pickable items only: separators are headings, as in VS Code.
      const items = request.items.filter((item): item is PickItem<T> => !('separator' in item));
      const index = typeof pick === 'function' ? pick(items as PickItem<unknown>[]) : pick;
      return index === undefined ? undefined : items[index]?.value;
    },
    async confirm(request) {
      calls.push({ kind: 'confirm', request });
      return next('confirm').confirm;
    },
    async withProgress(title, task) {
      calls.push({ kind: 'progress', message: title });
      const controller = new AbortController();
      return task((message) => {
        progress.push(message);
        if (options.cancelWhen?.(message) === true) setTimeout(() => controller.abort(), options.cancelDelayMs ?? 0);
      }, controller.signal);
    },
    async showDiff(request) {
      calls.push({ kind: 'diff', request });
    },
    async show(request) {
      calls.push({ kind: 'show', request });
    },
    notify(level, message, actions) {
      calls.push({ kind: 'notify', level, message, ...(actions === undefined ? {} : { actions }) });
    },
  };
}

export interface TempWorkspace extends WorkspaceFiles {
  dir: string;
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string | undefined>;
  applied: FileEdit[][];
  /** Whether each applied batch was to be shown in the editor. */
  revealed: boolean[];
  dispose(): Promise<void>;
}

async function walk(dir: string, root: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, root, out);
    else out.push(relative(root, path).split('\\').join('/'));
  }
}

export async function createTempWorkspace(files: Record<string, string> = {}): Promise<TempWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'autoconf-vscode-'));
  const read = (path: string) => readFile(join(dir, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) await write(path, text);
  const applied: FileEdit[][] = [];
  const revealed: boolean[] = [];
  return {
    dir,
    read,
    write,
    applied,
    revealed,
    readText: read,
    async find(suffix, maxResults) {
      const all: string[] = [];
      await walk(dir, dir, all);
      return all.filter((path) => `/${path}`.endsWith(suffix)).slice(0, maxResults);
    },
    async apply(edits, options) {
      applied.push(edits);
      revealed.push(options?.reveal !== false);
      for (const edit of edits) {
        if (edit.kind === 'create' && (await read(edit.path)) !== undefined) return false;
        await write(edit.path, edit.text);
      }
      return true;
    },
    refusal: (path) => inspectTarget(join(dir, path), [dir]).then(
      () => undefined,
      (error: unknown) => (isAutoconfError(error, 'FILE_REFUSED') ? error.message : Promise.reject(error)),
    ),
    isGitIgnored: (path) => new Promise((resolve) => {
      execFile('git', ['check-ignore', '-q', '--', path], { cwd: dir, timeout: 5_000 }, (error) => {
        if (error === null) resolve(true);
        else resolve(error.code === 1 ? false : undefined);
      });
    }),
    isGitTracked: (path) => new Promise((resolve) => {
      execFile('git', ['ls-files', '--error-unmatch', '--', path], { cwd: dir, timeout: 5_000 }, (error) => {
        if (error === null) resolve(true);
        else resolve(error.code === 1 ? false : undefined);
      });
    }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

export function createLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') };
}
