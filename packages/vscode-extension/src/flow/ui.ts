// The small surface the flows need from VS Code. The host implements it with the real API
// (host/vscode-ui.ts); unit tests implement it with scripted answers and real files on disk.

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/** A heading between pick items (VS Code's QuickPickItemKind.Separator): read, never picked. */
export interface PickSeparator {
  separator: string;
}

export function isSeparator<T>(item: PickItem<T> | PickSeparator): item is PickSeparator {
  return 'separator' in item;
}

/** A button on a notification and what it does. */
export interface NoticeAction {
  title: string;
  run(): unknown;
}

export interface InputRequest {
  title: string;
  prompt: string;
  placeHolder?: string;
  value?: string;
  password?: boolean;
  /** A message for bad input, undefined for good input. */
  validate?(value: string): string | undefined;
}

export interface PickRequest<T> {
  title: string;
  placeHolder: string;
  items: Array<PickItem<T> | PickSeparator>;
  /** Keep every item in view while the user types (default: typing filters). */
  showAll?: boolean;
}

export interface ConfirmRequest {
  message: string;
  detail?: string;
  /** The button that goes ahead; a second, optional one for a middle way. */
  action: string;
  alternative?: string;
}

export interface DiffRequest {
  title: string;
  path: string;
  before: string;
  after: string;
}

export interface ShowRequest {
  /** A name for the read-only document, e.g. `report-user@example.com.md`. */
  name: string;
  language: 'markdown' | 'plaintext';
  content: string;
  /** Markdown opened rendered (the preview follows the document when it changes). */
  rendered?: boolean;
}

export type Progress = (message: string) => void;

export interface Ui {
  input(request: InputRequest): Promise<string | undefined>;
  pick<T>(request: PickRequest<T>): Promise<T | undefined>;
  /** A modal question: resolves to the button chosen, undefined when dismissed. */
  confirm(request: ConfirmRequest): Promise<'action' | 'alternative' | undefined>;
  /** Runs `task` under a cancellable progress notification; cancelling aborts `signal`. */
  withProgress<T>(title: string, task: (progress: Progress, signal: AbortSignal) => Promise<T>): Promise<T>;
  showDiff(request: DiffRequest): Promise<void>;
  show(request: ShowRequest): Promise<void>;
  /** A notification; with actions, its buttons (the chosen one runs; none waits to be clicked). */
  notify(level: 'info' | 'warning' | 'error', message: string, actions?: NoticeAction[]): void;
}

/** One file change; the host applies a batch as one WorkspaceEdit (one undo step). */
export interface FileEdit {
  path: string;
  kind: 'create' | 'replace';
  text: string;
}

/** Workspace files, relative to the first workspace folder, with `/` separators. */
export interface WorkspaceFiles {
  readText(path: string): Promise<string | undefined>;
  /** Relative paths of files whose name ends with `suffix` (node_modules and .git skipped). */
  find(suffix: string, maxResults: number): Promise<string[]>;
  /** `reveal: false` keeps the files out of the editor (a password must not appear on screen). */
  apply(edits: FileEdit[], options?: { reveal?: boolean }): Promise<boolean>;
  /** Why `path` must not be written (a device, a directory, a link out of the workspace), or undefined. */
  refusal(path: string): Promise<string | undefined>;
  /** true/false from git; undefined when there is no repository or no git. */
  isGitIgnored(path: string): Promise<boolean | undefined>;
  /** Whether git tracks `path` (a password in it would be committed); undefined without git. */
  isGitTracked(path: string): Promise<boolean | undefined>;
}

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
