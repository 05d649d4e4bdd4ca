// `autoconf completion bash|zsh|fish`: a completion script made from the program itself, so
// every command, flag and choice the parser knows (and every writer of the registry for
// --format/--write) is completed, and nothing it does not.
import { WRITERS } from '@autoconf/core';
import type { Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { renderBash, renderFish, renderZsh, type CompletionModel, type CompletionValue, type FlagModel } from '../output/completion-scripts.js';
import type { CommandContext } from '../run.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const HELP_FLAG: FlagModel = { names: ['-h', '--help'], description: 'display help for command' };
// Flags whose value is a file, by attribute name; every other free value completes to nothing.
const FILE_VALUES = new Set(['out', 'caFile']);
const WRITER_VALUES = new Set(['format', 'write']);

function valueOf(option: Option): CompletionValue | undefined {
  if (!option.required && !option.optional) return undefined;
  const attribute = option.attributeName();
  if (WRITER_VALUES.has(attribute)) return { kind: 'words', words: WRITERS.map((writer) => writer.id) };
  if (option.argChoices !== undefined) return { kind: 'words', words: [...option.argChoices] };
  return FILE_VALUES.has(attribute) ? { kind: 'file' } : { kind: 'any' };
}

function flagOf(option: Option): FlagModel {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  const value = valueOf(option);
  return { names, description: option.description, ...(value === undefined ? {} : { value }) };
}

// The positional argument: files for batch and lint, the shells for completion.
function argumentOf(command: Command): CompletionValue {
  const argument = command.registeredArguments[0];
  if (argument?.argChoices !== undefined) return { kind: 'words', words: [...argument.argChoices] };
  return command.name() === 'batch' || command.name() === 'lint' ? { kind: 'file' } : { kind: 'any' };
}

export function completionModel(program: Command): CompletionModel {
  return {
    name: program.name(),
    aliases: ['mail-autoconf'],
    globalFlags: [...program.options.map(flagOf), HELP_FLAG],
    commands: program.commands
      .filter((command) => command.name() !== 'help')
      .map((command) => ({
        name: command.name(),
        description: command.description(),
        flags: [...command.options.map(flagOf), HELP_FLAG],
        argument: argumentOf(command),
      })),
  };
}

const RENDERERS: Record<Shell, (model: CompletionModel) => string> = { bash: renderBash, zsh: renderZsh, fish: renderFish };

export async function runCompletion(shell: Shell, program: Command, { io }: CommandContext<object>): Promise<number> {
  io.stdout(RENDERERS[shell](completionModel(program)));
  return EXIT.OK;
}
