// The config writers of core. @autoconf/core does not export them from its index yet, so the
// extension (which bundles core anyway) reaches into the source; one file to change later.
export { WRITERS, findWriter } from '../../../core/src/writers/registry.js';
export { mergeEnv, type EnvChange } from '../../../core/src/writers/env-merge.js';
export type { Writer, WriterInput } from '../../../core/src/writers/types.js';
