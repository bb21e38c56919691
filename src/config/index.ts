/** The desired-state stage: text -> DesiredState + source map, with every diagnostic. Pure (no I/O). */
export { parseDesired, type ParseResult } from './parse-desired.js';
export { checkAcrossFiles, targetKey } from './cross-file.js';
export { desiredStateSchema, schemaJson, SCHEMA_ID } from './schema.js';
export { MAX_FILE_BYTES } from './text.js';
export type { CloudKind, DesiredState, DesiredVpc, LoadResult, Route, SourceMap, Target } from './types.js';
