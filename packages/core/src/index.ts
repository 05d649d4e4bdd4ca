// The public surface of @autoconf/core: what a library user needs, and nothing more. No logic here.
// test/core/public-api.test.ts pins this list; a change to it is a change to the package's contract.
// Everything else is reachable as `@autoconf/core/internal/<path>.js` for our own front ends and
// tests, without any promise of stability (README, "Library").

// Detection
export { detect } from './detect.js';
export { createDetector, type Detector } from './detector.js';
export { discover, SOURCE_NAMES, type Discovery, type DiscoverInput, type DiscoverOptionsInput } from './discover/index.js';
export type { DetectOptions, LoginCredentials, ProgressEvent } from './options.js';
export { parseAddress, type ParsedAddress } from './address.js';
export { suggestDomain } from './discover/suggest-domain.js';
export { POLICIES, type Policy } from './types.js';

// Probing and logging in
export { probeEndpoint, verifyLogin } from './probe/index.js';
export {
  checkReportLogins, planReportLogins,
  type CheckLoginsOptions, type LoginPlanOptions, type PlannedLogin, type LoginBasis, type LoginPermission,
} from './check-logins.js';
export { createNetwork, type NetworkOptions } from './net/network.js';

// The report
export { REPORT_SCHEMA_VERSION, type Report, type LoginCheck, type Finding, type RankedEndpoint, type EndpointRef, type ReportStatus } from './report/types.js';
export { FINDINGS, type FindingCode } from './report/findings.js';
export { AutoconfError, ERROR_CODES, isAutoconfError, type ErrorCode } from './errors.js';
export { VERSION } from './version.js';
export type * from './types.js';
export type * from './net/types.js';
export type * from './probe/types.js';

// Writing config files
export { WRITERS, findWriter, getWriter } from './writers/registry.js';
export { planWrite, type WritePlan, type MergeStrategy } from './writers/plan-write.js';
export { writeConfigFile, type WriteConfigFileOptions, type WriteConfigFileResult } from './writers/write-config-file.js';
export { inspectTarget } from './writers/write-file-atomic.js';
export { mergeEnv, type EnvChange, type EnvChangeKind, type MergeEnvResult, type MergeEnvOptions } from './writers/env-merge.js';
export type { Writer, EnvWriter, FileWriter, SnippetWriter, WriterInput, WriterKind, EnvEntry } from './writers/types.js';

// Showing network text safely in a terminal or a document
export { showControlCharacters, showControlCharactersDeep } from './text/control-characters.js';
