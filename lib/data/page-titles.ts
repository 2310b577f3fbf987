// Tab titles that name the customer and the verdict, so an agent with ten tabs open finds
// the right one and sees why each customer is stuck ("demo-locked · Locked · 7 days left").
// The verdict is the header's verdict strip (lib/diagnosis/verdict-strip.ts), never the
// account status alone: "Active" next to a locked customer would contradict the diagnosis.

export function accountTabTitle(label: { username: string; verdict: string | null } | null): string {
  if (!label) return "No such account";
  return `${label.username} · ${label.verdict ?? "Account"}`;
}

export function signUpTabTitle(label: { username: string } | null): string {
  return label ? `${label.username} · Sign-up (unconfirmed)` : "No such sign-up";
}
