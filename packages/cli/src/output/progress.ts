// A one-line spinner on stderr, only on a terminal (clig.dev: no animation otherwise).
import { showControlCharacters, type ProgressEvent } from '@autoconf/core';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
const CLEAR_LINE = '\r\x1b[K';

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

export function startSpinner(write: (text: string) => void, text: string): Spinner {
  let frame = 0;
  let current = showControlCharacters(text);
  const draw = () => write(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${current}`);
  draw();
  const timer = setInterval(draw, FRAME_MS);
  timer.unref();
  return {
    update(next) {
      // Host names in progress text came from DNS and documents: never raw on the terminal.
      current = showControlCharacters(next);
    },
    stop() {
      clearInterval(timer);
      write(CLEAR_LINE);
    },
  };
}

export function describeProgress(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'source-start':
      return `looking up ${event.source}…`;
    case 'probe-start':
      return `probing ${event.request.protocol} ${event.request.host}:${event.request.port}…`;
    case 'stage':
      return event.stage === 'done' ? undefined : `${event.stage}…`;
    default:
      return undefined;
  }
}
