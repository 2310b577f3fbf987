import "server-only";
import type { Db } from "@/lib/db/prisma";
import { type StaffUserDto } from "@/lib/model/staff";
export { type StaffUserDto } from "@/lib/model/staff";

export interface StaffListDto {
  staff: StaffUserDto[];
  /** All staff users; more than `staff.length` only past the page's limit. */
  total: number;
  enabledAdmins: number;
}

// A support team is tens of people, not thousands: one page holds them all. The limit
// is there so a runaway import cannot make the page unusable, and `total` says when
// it bites.
export const STAFF_LIST_LIMIT = 500;

export async function listStaff(db: Db): Promise<StaffListDto> {
  const [rows, total, enabledAdmins] = await Promise.all([
    db.staffUser.findMany({
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        createdAt: true,
        disabledAt: true,
        lastSignInAt: true,
        ssoSubject: true,
        createdBy: { select: { name: true, email: true } },
      },
      // Enabled staff first, then alphabetical: disabled accounts are rarely the target.
      orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }, { id: "asc" }],
      take: STAFF_LIST_LIMIT,
    }),
    db.staffUser.count(),
    db.staffUser.count({ where: { role: "ADMIN", disabledAt: null } }),
  ]);
  return {
    staff: rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      isDisabled: r.disabledAt !== null,
      disabledAt: r.disabledAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
      ssoSubject: r.ssoSubject,
      createdBy: r.createdBy ? { name: r.createdBy.name, email: r.createdBy.email } : null,
    })),
    total,
    enabledAdmins,
  };
}
