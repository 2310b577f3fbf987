import Link from "next/link";
import type { ReactNode } from "react";
import { ArrivalFocus } from "@/components/console/arrival-focus";
import { CommandPalette } from "@/components/console/command-palette";
import { HeaderSearch } from "@/components/console/header-search";
import { NAV_ITEMS } from "@/components/console/nav-items";
import { Button } from "@/components/ui/button";
import { requireStaff } from "@/lib/auth/current-staff";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { signOutAction } from "@/lib/auth/sign-in-actions";
import { isMailCatcherOn } from "@/lib/data/console-data";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff(null, "layout:console");
  const items = NAV_ITEMS.filter((item) => staff.permissions.includes(item.permission) && (!item.demoOnly || isMailCatcherOn()));
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
          <Link href="/" className="text-base font-semibold text-slate-900">
            Access console
          </Link>
          <nav aria-label="Main" className="flex flex-1 gap-4 text-sm">
            {items.map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-700 hover:text-slate-950">
                {item.label}
              </Link>
            ))}
          </nav>
          <HeaderSearch />
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-700" data-testid="signed-in-as">
              {staff.name} · {ROLE_LABELS[staff.role]}
            </span>
            <form action={signOutAction}>
              <Button type="submit" variant="secondary">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <CommandPalette />
      <ArrivalFocus />
    </div>
  );
}
