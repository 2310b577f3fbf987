// What the subject workspace's first screen shows (account and sign-up pages alike): the
// plan of actions and the composed reply, from the diagnosis and the emails support sent.
// Pure: the pages pass their data, the hourly limit and `now`.
import { actionPlan, hourlyQuota, type ActionPlan } from "@/lib/diagnosis/action-plan";
import { composeReply, type ComposedReply, type LastSend, type SendAction } from "@/lib/diagnosis/compose-reply";
import type { Diagnosis } from "@/lib/diagnosis/types";
import type { EmailStatusDto } from "@/lib/model/emails";
import type { TimeFormat } from "@/lib/time/zone-time";

const KIND_TO_ACTION: Record<EmailStatusDto["kind"], SendAction> = {
  PASSWORD_RESET: "send_password_reset",
  USERNAME_RECOVERY: "send_username_recovery",
  CONFIRMATION_RESEND: "resend_confirmation",
};

export const ACCOUNT_SENDS: readonly SendAction[] = ["send_password_reset", "send_username_recovery"];
export const SIGN_UP_SENDS: readonly SendAction[] = ["resend_confirmation"];

/** The newest email (`emails` newest first), as the reply and the plan read it. */
export function lastSendOf(emails: readonly EmailStatusDto[]): LastSend | null {
  const e = emails[0];
  if (e === undefined) return null;
  const link: LastSend["link"] = e.link === null ? null : e.link.state === "open" ? { state: "open", expiresAt: e.link.expiresAt } : { state: e.link.state };
  return { action: KIND_TO_ACTION[e.kind], at: e.createdAt, status: e.status, link };
}

export interface WorkspaceModel {
  plan: ActionPlan;
  reply: ComposedReply;
}

export function workspaceModel(input: {
  diagnosis: Diagnosis;
  /** The diagnosis in UTC, for the customer's words. */
  replyDiagnosis: Diagnosis;
  emails: readonly EmailStatusDto[];
  sends: readonly SendAction[];
  /** Recovery emails one customer may get an hour (lib/email/recovery-config.ts). */
  hourlyLimit: number;
  now: Date;
  times: TimeFormat;
}): WorkspaceModel {
  const last = lastSendOf(input.emails);
  const quota = hourlyQuota(
    input.emails.map((e) => e.createdAt),
    input.hourlyLimit,
    input.now,
  );
  return {
    plan: actionPlan(input.diagnosis, input.sends, last, quota, input.now, input.times),
    reply: composeReply(input.replyDiagnosis, last, input.now),
  };
}
