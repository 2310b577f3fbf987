// A login attempt on its own (one that was parked, or a single event): the bulk path in
// lib/ingest/login-attempts with one event.
import { applyLoginAttempts } from "@/lib/ingest/login-attempts";
import { APPLIED, Rejection, parked, type Handlers } from "./handler";

export const loginHandlers: Handlers<"login.attempted"> = {
  "login.attempted": async (ctx, event) => {
    const [result] = await applyLoginAttempts(ctx.tx, ctx.sourceId, [event]);
    if (!result) throw new Error("internal: no result for a login attempt");
    if (result.effect === "rejected") throw new Rejection(result.reason);
    if (result.effect === "parked") return parked(result.kind, result.externalId);
    return APPLIED;
  },
};
