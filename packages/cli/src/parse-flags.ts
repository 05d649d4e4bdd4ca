// Flag values checked where commander reads them, so a bad one is a usage error (exit 2).
import { InvalidArgumentError } from 'commander';

export function parseMs(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 1 || ms > 600_000) throw new InvalidArgumentError('expected milliseconds between 1 and 600000.');
  return ms;
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('expected a number between 1 and 64.');
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
