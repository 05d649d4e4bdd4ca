// `autoconf completion bash|zsh|fish`: the bash script is loaded in a real bash and asked to
// complete; zsh and fish are parsed by their shells when installed, else read as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WRITERS } from '@autoconf/core';
import { makeTempDir, runCli } from './cli-harness.js';

const WRITER_IDS = WRITERS.map((writer) => writer.id);
const hasShell = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** Loads the script in a clean bash, completes `words` (the last one being typed), returns
 *  the candidates; the first line of output is `complete -p` for both names. */
function completeInBash(script: string, cwd: string, words: string[]): { registered: string; candidates: string[] } {
  const file = join(cwd, 'autoconf.bash');
  writeFileSync(file, script);
  const program = [
    'source "$1" || exit 9',
    'complete -p autoconf; complete -p mail-autoconf',
    'shift',
    'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}',
    '_autoconf_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const child = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', file, ...words], { cwd, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stderr, '');
  const lines = child.stdout.split('\n');
  return { registered: lines.slice(0, 2).join('\n'), candidates: lines.slice(2).filter((line) => line !== '') };
}

test('bash: the script loads, registers autoconf and mail-autoconf, and completes commands, flags and values', async () => {
  const result = await runCli(['completion', 'bash']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const tmp = makeTempDir();
  try {
    writeFileSync(join(tmp.dir, 'addresses.txt'), 'you@example.com\n');
    const complete = (...words: string[]) => completeInBash(result.stdout, tmp.dir, ['autoconf', ...words]).candidates;
    const { registered } = completeInBash(result.stdout, tmp.dir, ['autoconf', '']);
    assert.equal(registered, 'complete -F _autoconf_complete autoconf\ncomplete -F _autoconf_complete mail-autoconf');

    assert.deepEqual(complete(''), ['detect', 'probe', 'batch', 'lint', 'doctor', 'explain', 'formats', 'completion', '-V', '--version', '--no-color', '-h', '--help']);
    assert.deepEqual(complete('de'), ['detect']);
    assert.deepEqual(complete('detect', 'you@example.com', '--pol'), ['--policy']);
    assert.deepEqual(complete('detect', 'you@example.com', '--policy', ''), ['submission-first', 'implicit-tls-first']);
    assert.deepEqual(complete('detect', 'you@example.com', '--format', ''), WRITER_IDS);
    assert.deepEqual(complete('detect', 'you@example.com', '-f', 'node'), WRITER_IDS.filter((id) => id.startsWith('node')));
    assert.deepEqual(complete('detect', 'you@example.com', '--write', 'ms'), ['msmtp']);
    assert.ok(complete('detect', 'you@example.com', '-').includes('--quiet'));
    assert.deepEqual(complete('detect', 'you@example.com', '--out', 'addr'), ['addresses.txt']);
    assert.deepEqual(complete('probe', 'host', '--security', 'st'), ['starttls']);
    assert.deepEqual(complete('batch', 'addr'), ['addresses.txt']);
    assert.deepEqual(complete('completion', ''), ['bash', 'zsh', 'fish']);
    assert.deepEqual(complete('formats', '-'), ['-j', '--json', '-h', '--help']);
    assert.deepEqual(complete('explain', 'x', '--se'), ['--server']);
  } finally {
    tmp.dispose();
  }
});

test('zsh: a #compdef function with every command, flag and writer (parsed by zsh when installed)', async () => {
  const result = await runCli(['completion', 'zsh']);
  assert.equal(result.code, 0, result.stderr);
  const script = result.stdout;
  assert.match(script, /^#compdef autoconf mail-autoconf\n/);
  assert.match(script, /compdef _autoconf autoconf mail-autoconf; fi\n$/);
  for (const command of ['detect', 'probe', 'batch', 'lint', 'doctor', 'explain', 'formats', 'completion']) assert.match(script, new RegExp(`'${command}:`));
  assert.ok(script.includes(`'(-f --format)'{-f,--format}'[print a config for a target (see \`autoconf formats\`)]:format:(${WRITER_IDS.join(' ')})'`), 'writers for --format');
  assert.ok(script.includes(`'--write[write (or merge into) the config file for a target]:write:(${WRITER_IDS.join(' ')})'`));
  assert.ok(script.includes(':policy:(submission-first implicit-tls-first)'));
  assert.ok(script.includes(`'*--dns[`), 'a repeatable flag may be given again');
  assert.ok(script.includes(`'1:argument:(bash zsh fish)'`));
  if (hasShell('zsh')) {
    const tmp = makeTempDir();
    try {
      writeFileSync(join(tmp.dir, '_autoconf'), script);
      const parsed = spawnSync('zsh', ['-n', join(tmp.dir, '_autoconf')], { encoding: 'utf8' });
      assert.equal(parsed.status, 0, parsed.stderr);
    } finally {
      tmp.dispose();
    }
  }
});

test('fish: complete lines per command and flag (parsed by fish when installed)', async () => {
  const result = await runCli(['completion', 'fish']);
  assert.equal(result.code, 0, result.stderr);
  const script = result.stdout;
  assert.ok(script.includes('complete -c autoconf -n __fish_use_subcommand -a detect -d '));
  assert.ok(script.includes(`complete -c autoconf -n '__fish_seen_subcommand_from detect' -s f -l format -x -a '${WRITER_IDS.join(' ')}' -d `));
  assert.ok(script.includes(`complete -c autoconf -n '__fish_seen_subcommand_from detect' -l policy -x -a 'submission-first implicit-tls-first'`));
  assert.ok(script.includes(`-s o -l out -r -F -d 'the file --write writes (default: the target\\'s usual name)'`), 'quotes escaped for fish');
  assert.ok(script.includes("complete -c autoconf -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'"));
  assert.ok(script.endsWith('complete -c mail-autoconf -w autoconf\n'));
  if (hasShell('fish')) {
    const parsed = spawnSync('fish', ['--no-execute', '-c', script], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
  }
});

test('completion: an unknown shell is a usage error; --help has its examples and exit codes', async () => {
  const bad = await runCli(['completion', 'tcsh']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /bash, zsh, fish/);
  const help = await runCli(['completion', '--help']);
  assert.match(help.stdout, /^Examples:\n {2}source <\(autoconf completion bash\)/);
  assert.match(help.stdout, /Exit codes:\n {2}0 {4}the script was printed\n {2}2 {4}usage error/);
  assert.match((await runCli(['--help'])).stdout, /autoconf completion bash/);
});
