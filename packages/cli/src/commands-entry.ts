// The one entry of dist/cli.cjs: everything after argument parsing starts, in one file.
export { run } from './run.js';
export { createProcessIo } from './process-io.js';
