// Every user-visible string goes through t(): vscode.l10n.t inside VS Code (set at activation),
// plain {0}-substitution in unit tests. The English strings are the keys (l10n/bundle.l10n.json).
type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

let translate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => String(args[Number(index)] ?? whole));

export function setTranslator(next: Translate): void {
  translate = next;
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return translate(message, ...args);
}
