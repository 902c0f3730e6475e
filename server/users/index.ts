import type { Database } from "@/server/db";
import type { Role } from "@/server/accounts/roles";

export interface UserListFilter {
  query?: string;
  role?: Role;
  cursor?: string;
  limit: number;
}

// The people directory admins manage. Account rules (sign-up, codes, role changes) live in server/accounts.
export function createUserDirectory({ db }: { db: Database }) {
  return {
    async list({ query, role, cursor, limit }: UserListFilter) {
      const rows = await db.user.findMany({
        where: {
          ...(role ? { role } : {}),
          ...(query
            ? {
                OR: [
                  { email: { contains: query, mode: "insensitive" as const } },
                  { name: { contains: query, mode: "insensitive" as const } },
                ],
              }
            : {}),
        },
        select: { id: true, email: true, name: true, role: true, emailVerifiedAt: true, createdAt: true },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      const hasMore = rows.length > limit;
      const users = hasMore ? rows.slice(0, limit) : rows;
      return { users, nextCursor: hasMore ? users.at(-1)?.id ?? null : null };
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
