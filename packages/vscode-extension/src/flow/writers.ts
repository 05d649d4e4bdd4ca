// The config writers of core, as the flows use them (one place to change if core's names move).
export { WRITERS, findWriter, mergeEnv, type EnvChange, type Writer, type WriterInput } from '@autoconf/core';
