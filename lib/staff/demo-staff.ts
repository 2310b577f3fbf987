// The demo staff sign-ins, in a module of their own so the launcher can recognise them
// on a real server without loading the whole demo seed.

export interface DemoStaff {
  role: "AGENT" | "LEAD" | "ADMIN";
  email: string;
  name: string;
  password: string;
}

// Published on purpose: these exist only in demo databases. Never seed them into
// production (the seed refuses a database that already has customers, and `npm start`
// on DATABASE_URL refuses to serve while one of them can still sign in).
export const DEMO_STAFF: readonly DemoStaff[] = [
  { role: "AGENT", email: "agent@console.example", name: "Ada Agent", password: "demo-agent-password" },
  { role: "LEAD", email: "lead@console.example", name: "Lee Lead", password: "demo-lead-password" },
  { role: "ADMIN", email: "admin@console.example", name: "Ari Admin", password: "demo-admin-password" },
];
