// Public surface of the diagnosis engine.
export { diagnose, rankFindings, compareFindings, PRIORITY, SEVERITY_ORDER } from "./diagnose";
export { baselineActions, mergeActions, passwordResetWarning } from "./verdicts";
export { RULES, AGENT_CHECKLIST } from "./rules";
export type { Rule } from "./rules";
export * from "./time";
export type * from "./types";
export { ACTION_NAMES } from "./types";
