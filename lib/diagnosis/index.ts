// Public surface of the diagnosis engine.
export { diagnose, rankFindings, compareFindings, shareEvidence, PRIORITY, SEVERITY_ORDER } from "./diagnose";
export { baselineActions, mergeActions, passwordResetWarning } from "./verdicts";
export { RULES, AGENT_CHECKLIST } from "./rules";
export type { Rule } from "./rules";
export * from "./time";
export { replyFor } from "./replies";
export type { ReplyText, SentEmail } from "./replies";
export * from "./verdict-strip";
export type * from "./types";
export { ACTION_NAMES } from "./types";
export { composeReply } from "./compose-reply";
export type { ComposedReply, LastSend, SendAction } from "./compose-reply";
export { actionPlan, hourlyQuota } from "./action-plan";
export type { ActionPlan, PlannedSend, SendQuota } from "./action-plan";
export { summariseEvidence } from "./evidence-summary";
export type { EvidenceLine, EvidenceSummary } from "./evidence-summary";
