// Tab titles that name the customer, so an agent with ten tabs open finds the right one.
// The state is the account status only where it is the whole story (banned, terminated):
// "Active" next to a locked customer would contradict the page's diagnosis, so an active
// account's tab just says "Account".

const STATES: Record<string, string> = { BANNED: "Banned", TERMINATED: "Terminated" };

export function accountTabTitle(label: { username: string; status: string } | null): string {
  if (!label) return "No such account";
  return `${label.username} · ${STATES[label.status] ?? "Account"}`;
}

export function signUpTabTitle(label: { username: string } | null): string {
  return label ? `${label.username} · Sign-up (unconfirmed)` : "No such sign-up";
}
