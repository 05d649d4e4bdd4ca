// The public surface of @autoconf/core. No logic here.
export { parseAddress, type ParsedAddress } from './address.js';
export { AutoconfError, ERROR_CODES, isAutoconfError, type ErrorCode } from './errors.js';
export type * from './types.js';
export type * from './net/types.js';
