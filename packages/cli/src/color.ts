// Colour is decided per stream (clig.dev, no-color.org): off for NO_COLOR, TERM=dumb,
// --no-color or a stream that is not a terminal. picocolors' own check looks at stdout only
// and turns colour on under CI, so it is never asked.
import picocolors from 'picocolors';
import type { Io } from './io.js';

export type Colors = ReturnType<typeof picocolors.createColors>;

export function shouldColor(io: Io, isTTY: boolean, flag: boolean): boolean {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  return flag && !noColor && io.env.TERM !== 'dumb' && (isTTY || forced);
}

export interface Styles {
  out: Colors;
  err: Colors;
}

export function createStyles(io: Io, flag: boolean): Styles {
  return {
    out: picocolors.createColors(shouldColor(io, io.stdoutIsTTY, flag)),
    err: picocolors.createColors(shouldColor(io, io.stderrIsTTY, flag)),
  };
}
