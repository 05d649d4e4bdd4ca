// The completion scripts for bash, zsh and fish, from one model of the command line (made by
// commands/completion.ts). Every word comes from our own program, and each is still quoted
// for the shell that reads it.

export type CompletionValue = { kind: 'words'; words: string[] } | { kind: 'file' } | { kind: 'any' };

export interface FlagModel {
  /** `-f`, `--format`: the short one first when there is one. */
  names: string[];
  description: string;
  /** Only for a flag that takes a value. */
  value?: CompletionValue;
}

export interface CommandModel {
  name: string;
  description: string;
  flags: FlagModel[];
  argument: CompletionValue;
}

export interface CompletionModel {
  name: string;
  aliases: string[];
  globalFlags: FlagModel[];
  commands: CommandModel[];
}

// Words completed as they are: command names, flags, writer ids and choices are all like this.
const PLAIN_WORD = /^[\w.@+-]+$/;

function wordList(words: readonly string[]): string {
  const bad = words.find((word) => !PLAIN_WORD.test(word));
  if (bad !== undefined) throw new Error(`completion: "${bad}" is not a plain word`);
  return words.join(' ');
}

const singleQuoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const repeatable = (flag: FlagModel) => flag.description.includes('repeatable');

function bashValueAction(value: CompletionValue): string {
  if (value.kind === 'words') return `COMPREPLY=( $(compgen -W '${wordList(value.words)}' -- "$cur") )`;
  if (value.kind === 'file') return 'compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -f -- "$cur") )';
  return ':';
}

export function renderBash(model: CompletionModel): string {
  const fn = `_${model.name.replace(/\W/g, '_')}_complete`;
  const top = [...model.commands.map((command) => command.name), ...model.globalFlags.flatMap((flag) => flag.names)];
  const branches = model.commands.map((command) => {
    const valued = command.flags.filter((flag) => flag.value !== undefined);
    return [
      `    ${command.name})`,
      '      case "$prev" in',
      ...valued.map((flag) => `        ${flag.names.join('|')}) ${bashValueAction(flag.value as CompletionValue)}; return 0 ;;`),
      '      esac',
      '      if [[ "$cur" == -* ]]; then',
      `        COMPREPLY=( $(compgen -W '${wordList(command.flags.flatMap((flag) => flag.names))}' -- "$cur") )`,
      '      else',
      `        ${bashValueAction(command.argument)}`,
      '      fi',
      '      ;;',
    ].join('\n');
  });
  return `# ${model.name} completion for bash.
#   now:    source <(${model.name} completion bash)
#   always: ${model.name} completion bash > ~/.local/share/bash-completion/completions/${model.name}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" sub="" i
  if (( COMP_CWORD > 0 )); then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  # The first word that is not a flag is the command (the global flags take no value).
  for (( i = 1; i < COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) sub="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  COMPREPLY=()
  case "$sub" in
${branches.join('\n')}
    '')
      COMPREPLY=( $(compgen -W '${wordList(top)}' -- "$cur") )
      ;;
  esac
  return 0
}
complete -F ${fn} ${wordList([model.name, ...model.aliases])}
`;
}

/** Text inside an _arguments `[...]` or after a `_describe` colon. */
function zshDescription(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')').replace(/\\/g, '').replace(/:/g, ' -').replace(/\s+/g, ' ');
}

function zshValue(flag: FlagModel): string {
  const value = flag.value;
  if (value === undefined) return '';
  const label = (flag.names.at(-1) ?? 'value').replace(/^-+/, '');
  if (value.kind === 'words') return `:${label}:(${wordList(value.words)})`;
  return value.kind === 'file' ? `:${label}:_files` : `:${label}: `;
}

function zshFlagSpec(flag: FlagModel): string {
  const body = `[${zshDescription(flag.description)}]${zshValue(flag)}`;
  if (repeatable(flag)) return flag.names.map((name) => singleQuoted(`*${name}${body}`)).join(' ');
  if (flag.names.length === 1) return singleQuoted(`${flag.names[0]}${body}`);
  // (-f --format){-f,--format}[…]: either spelling, once.
  return `${singleQuoted(`(${flag.names.join(' ')})`)}{${flag.names.join(',')}}${singleQuoted(body)}`;
}

function zshArgument(argument: CompletionValue): string {
  if (argument.kind === 'words') return singleQuoted(`1:argument:(${wordList(argument.words)})`);
  return singleQuoted(argument.kind === 'file' ? '1:file:_files' : '1:argument: ');
}

export function renderZsh(model: CompletionModel): string {
  const fn = `_${model.name.replace(/\W/g, '_')}`;
  const names = wordList([model.name, ...model.aliases]);
  const commandLines = model.commands.map((command) => `    ${singleQuoted(`${command.name}:${zshDescription(command.description)}`)}`);
  const branches = model.commands.map((command) =>
    [`        ${command.name})`, '          _arguments \\', ...command.flags.map((flag) => `            ${zshFlagSpec(flag)} \\`), `            ${zshArgument(command.argument)}`, '          ;;'].join('\n'),
  );
  return `#compdef ${names}
# ${model.name} completion for zsh.
#   now:    source <(${model.name} completion zsh)
#   always: ${model.name} completion zsh > "\${fpath[1]}/${fn}"
${fn}() {
  local curcontext="$curcontext" state line
  typeset -A opt_args
  local -a commands
  commands=(
${commandLines.join('\n')}
  )
  _arguments -C \\
${model.globalFlags.map((flag) => `    ${zshFlagSpec(flag)} \\`).join('\n')}
    '1: :->command' \\
    '*:: :->args' && return
  case $state in
    command) _describe -t commands ${singleQuoted(`${model.name} command`)} commands ;;
    args)
      case $words[1] in
${branches.join('\n')}
      esac
      ;;
  esac
}
if [ "$funcstack[1]" = "${fn}" ]; then ${fn} "$@"; else compdef ${fn} ${names}; fi
`;
}

const fishQuoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishFlag(prefix: string, flag: FlagModel): string {
  const parts = [prefix];
  for (const name of flag.names) parts.push(name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`);
  const value = flag.value;
  if (value?.kind === 'words') parts.push(`-x -a ${fishQuoted(wordList(value.words))}`);
  else if (value?.kind === 'file') parts.push('-r -F');
  else if (value?.kind === 'any') parts.push('-x');
  parts.push(`-d ${fishQuoted(flag.description)}`);
  return parts.join(' ');
}

export function renderFish(model: CompletionModel): string {
  const c = `complete -c ${model.name}`;
  const top = `${c} -n __fish_use_subcommand`;
  const lines = [
    `# ${model.name} completion for fish.`,
    `#   now:    ${model.name} completion fish | source`,
    `#   always: ${model.name} completion fish > ~/.config/fish/completions/${model.name}.fish`,
    `${c} -f`,
    ...model.commands.map((command) => `${top} -a ${command.name} -d ${fishQuoted(command.description)}`),
    ...model.globalFlags.map((flag) => fishFlag(top, flag)),
  ];
  for (const command of model.commands) {
    const when = `${c} -n ${fishQuoted(`__fish_seen_subcommand_from ${command.name}`)}`;
    lines.push(...command.flags.map((flag) => fishFlag(when, flag)));
    if (command.argument.kind === 'words') lines.push(`${when} -a ${fishQuoted(wordList(command.argument.words))}`);
    if (command.argument.kind === 'file') lines.push(`${when} -F`);
  }
  lines.push(...model.aliases.map((alias) => `complete -c ${alias} -w ${model.name}`));
  return `${lines.join('\n')}\n`;
}
