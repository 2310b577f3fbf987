import { Link } from "@/components/ui/link";
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
      {/* Wide screens: one row. Tablets: brand, search and sign-out, then the menu. Phones:
          brand and sign-out, then the search, then the menu as a strip that scrolls
          sideways inside itself (never the page). */}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 md:gap-x-6 md:py-3 xl:flex-nowrap">
          <Link href="/" className="text-base font-semibold whitespace-nowrap text-slate-900">
            Access console
          </Link>
          <nav
            aria-label="Main"
            className="order-3 -mx-4 flex w-[calc(100%+2rem)] gap-4 overflow-x-auto px-4 text-sm whitespace-nowrap md:mx-0 md:w-full md:flex-wrap md:px-0 xl:order-2 xl:w-auto xl:flex-nowrap"
          >
            {items.map((item) => (
              <Link key={item.href} href={item.href} className="py-1 text-slate-700 hover:text-slate-950">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="order-1 ml-auto flex min-w-0 items-center gap-3 text-sm md:order-2 xl:order-4">
            {/* The name opens the staff member's own preferences (time zone). */}
            <Link
              href="/settings"
              className="min-w-0 truncate text-slate-700 underline-offset-2 hover:text-slate-950 hover:underline"
              data-testid="signed-in-as"
              title={`Preferences · times in ${staff.timeZone}`}
            >
              {staff.name}
              {/* On a phone the name alone keeps brand and sign-out on one row. */}
              <span className="hidden sm:inline"> · {ROLE_LABELS[staff.role]}</span>
              <span className="sr-only"> (preferences)</span>
            </Link>
            <form action={signOutAction} className="shrink-0">
              <Button type="submit" variant="secondary">
                Sign out
              </Button>
            </form>
          </div>
          <HeaderSearch />
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
