export { applyPlan, resolveApplyOptions, APPLY_DEFAULTS } from './apply-plan.js';
export { adaptivePollPolicy, terraformLikePollPolicy, ADAPTIVE_POLL_DEFAULTS } from './poll-policy.js';
export type { PollPolicy, PollSchedule, SettleSample, AdaptivePollOptions, FixedPollOptions } from './poll-policy.js';
export { mismatchedFields, planTimeValues } from './compare.js';
export { systemClock, systemSleep } from './time.js';
export type * from './types.js';
