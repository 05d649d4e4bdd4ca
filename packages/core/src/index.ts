// The public surface of @autoconf/core. No logic here.
export { parseAddress, type ParsedAddress } from './address.js';
export { AutoconfError, ERROR_CODES, isAutoconfError, type ErrorCode } from './errors.js';
export { detect } from './detect.js';
export {
  checkReportLogins, planReportLogins,
  type CheckLoginsOptions, type LoginPlanOptions, type PlannedLogin, type LoginBasis, type LoginPermission,
} from './check-logins.js';
export { createDetector, type Detector } from './detector.js';
export { resolveOptions, type DetectOptions, type LoginCredentials, type ProgressEvent } from './options.js';
export { discover, type Discovery, type DiscoverInput } from './discover/index.js';
export {
  resolveDiscoverOptions, SOURCE_NAMES, SOURCE_PRIORITY, findEmbeddedProvider, findProviderByMx, mergeCandidates,
  type DiscoverOptions, type DiscoverOptionsInput, type Provider, type ProviderServer,
} from './discover/index.js';
export { createNetwork, type NetworkOptions } from './net/network.js';
export { createResolver } from './net/dns-client.js';
export { createLookup } from './net/lookup.js';
export { withPrivateTargetsBlocked } from './net/private-targets.js';
export { parseServerSpec } from './net/resolv-conf.js';
export { httpRequest } from './net/http.js';
export { parseClientConfig } from './parse/client-config.js';
export { parseAutodiscover } from './parse/autodiscover.js';
export { probeEndpoint, verifyLogin } from './probe/index.js';
export { POLICIES, type Policy } from './types.js';
export { FINDINGS, type FindingCode } from './report/findings.js';
export { REPORT_SCHEMA_VERSION, type Report, type LoginCheck, type Finding, type RankedEndpoint, type EndpointRef, type ReportStatus } from './report/types.js';
export { VERSION } from './version.js';
export type * from './types.js';
export type * from './net/types.js';
export type * from './probe/types.js';
export { WRITERS, findWriter, getWriter } from './writers/registry.js';
export { mergeEnv, formatEnv, formatEnvValue, type EnvChange, type EnvChangeKind, type MergeEnvResult, type MergeEnvOptions } from './writers/env-merge.js';
export { writeFileAtomic, inspectTarget, type WriteFileAtomicOptions } from './writers/write-file-atomic.js';
export { writeConfigFile, type WriteConfigFileOptions, type WriteConfigFileResult } from './writers/write-config-file.js';
export { planWrite, besidePathFor, isWrittenByAutoconf, mergeStrategyOf, type WritePlan, type MergeStrategy } from './writers/plan-write.js';
export type { Writer, EnvWriter, FileWriter, SnippetWriter, WriterInput, WriterKind, EnvEntry } from './writers/types.js';
export { findControlCharacter, hasControlCharacters, showControlCharacters, showControlCharactersDeep } from './text/control-characters.js';
