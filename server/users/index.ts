import type { Database } from "@/server/db";
import type { Role } from "@/server/accounts/roles";
import type { AccountStatus } from "./schemas";

export interface UserListFilter {
  query?: string;
  role?: Role;
  status?: AccountStatus;
  cursor?: string | null;
  limit: number;
}

// The people directory admins manage. Account rules (sign-up, codes, roles, disabling) live in server/accounts.
export function createUserDirectory({ db }: { db: Database }) {
  return {
    /**
     * One page, newest first (ties broken by id, so pages neither skip nor repeat anyone). `nextCursor` is the last
     * row's id when there is more; pass it back as `cursor` for the next page.
     */
    async list({ query, role, status, cursor, limit }: UserListFilter) {
      const rows = await db.user.findMany({
        where: {
          ...(role ? { role } : {}),
          ...(status === "disabled" ? { disabledAt: { not: null } } : status === "active" ? { disabledAt: null } : {}),
          ...(query
            ? {
                OR: [
                  { email: { contains: query, mode: "insensitive" as const } },
                  { name: { contains: query, mode: "insensitive" as const } },
                ],
              }
            : {}),
        },
        select: { id: true, email: true, name: true, role: true, emailVerifiedAt: true, disabledAt: true, createdAt: true },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      const hasMore = rows.length > limit;
      const users = hasMore ? rows.slice(0, limit) : rows;
      return { users, nextCursor: hasMore ? (users.at(-1)?.id ?? null) : null };
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
