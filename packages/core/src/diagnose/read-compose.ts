// docker compose files: each service's `environment:` block, in its list form (`- KEY=value`)
// or its map form (`KEY: value`), read as the .env families are. `${VAR}` is resolved through
// the environment given (compose reads the project's .env for it).
import type { MailConfig } from './config.js';
import { configsFromAssignments } from './read-env.js';

export function readCompose(text: string, file: string, environment: Readonly<Record<string, string | undefined>> = {}): MailConfig[] {
  const lines = text.split(/\r?\n/);
  const configs: MailConfig[] = [];
  for (let i = 0; i < lines.length; i++) {
    const block = /^(\s*)environment:\s*(?:#.*)?$/.exec(lines[i]!);
    if (block === null) continue;
    const indent = block[1]!.length;
    const assignments: Array<{ key: string; value: string; line: number }> = [];
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      if (line.length - line.trimStart().length <= indent) {
        i--;
        break;
      }
      const entry = /^\s*-\s*["']?([A-Za-z_][A-Za-z0-9_]*)=(.*?)["']?\s*$/.exec(line) ?? /^\s*([A-Za-z_][A-Za-z0-9_]*):\s*(.*?)\s*$/.exec(line);
      if (entry !== null) assignments.push({ key: entry[1]!, value: unquote(entry[2]!), line: i + 1 });
    }
    configs.push(...configsFromAssignments(assignments, file, environment));
  }
  return configs;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value.trim());
  return quoted === null ? value.trim().replace(/\s+#.*$/, '') : quoted[2]!;
}
