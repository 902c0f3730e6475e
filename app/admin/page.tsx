import type { Metadata } from "next";
import { AuditLogTable } from "@/components/admin/audit-log-table";
import { UsersTable } from "@/components/admin/users-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage({ searchParams }: PageProps<"/admin">) {
  const session = await requirePageRole("ADMIN", "/admin");
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 100) : undefined;
  const api = await serverApi();
  const [{ users }, auditLog] = await Promise.all([api.admin.users({ query, limit: 50 }), api.admin.auditLog({ limit: 30 })]);
  return (
    <div className="mx-auto max-w-7xl space-y-10 px-4 py-8 sm:px-6">
      <PageHeader title="Admin" description="People, roles and the record of staff actions." />
      <section aria-labelledby="users-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="users-heading" className="text-xl font-semibold">
            People and roles
          </h2>
          <form method="get" role="search" className="flex items-end gap-2">
            <label htmlFor="user-search" className="sr-only">
              Search people by name or email
            </label>
            <Input id="user-search" name="q" type="search" defaultValue={query} placeholder="Name or email" className="w-56" maxLength={100} />
            <Button type="submit" variant="outline">
              Search
            </Button>
          </form>
        </div>
        <UsersTable users={users} currentUserId={session.user.id} />
      </section>
      <section aria-labelledby="audit-heading" className="space-y-4">
        <h2 id="audit-heading" className="text-xl font-semibold">
          Recent staff and admin actions
        </h2>
        <AuditLogTable entries={auditLog} />
      </section>
    </div>
  );
}
