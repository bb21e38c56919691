export { checkDrift, type CheckDriftInput } from './check-drift.js';
export { detectDrift, summarize, type DetectOptions } from './detect.js';
export * from './types.js';
