import type { Metadata } from "next";
import { AddStaffDialog } from "@/components/admin/add-staff-dialog";
import { FilterForm, FilterSelect, searchParam } from "@/components/admin/filter-form";
import { type PeopleFilter, PeopleDirectory } from "@/components/admin/people-directory";
import { roleNames } from "@/components/admin/role-names";
import { Input } from "@/components/ui/input";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { roleSchema } from "@/server/db/schemas";
import { accountStatusSchema } from "@/server/users/schemas";

export const metadata: Metadata = { title: "People · Admin" };

const PAGE_SIZE = 50;


export default async function PeoplePage({ searchParams }: PageProps<"/admin/people">) {
  const session = await requirePageRole("ADMIN", "/admin/people");
  const params = await searchParams;
  // Anything the filter doesn't know is ignored rather than refused: these come from links and hand-typed URLs.
  const query = searchParam(params.q)?.trim().slice(0, 100) || undefined;
  const role = roleSchema.safeParse(searchParam(params.role)).data;
  const status = accountStatusSchema.safeParse(searchParam(params.status)).data;
  const filter: PeopleFilter = { query, role, status, limit: PAGE_SIZE };
  const firstPage = await (await serverApi()).admin.users(filter);
  const filtered = Boolean(query || role || status);

  return (
    <section aria-labelledby="people-heading" className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="people-heading" className="text-xl font-semibold">
          People and roles
        </h2>
        <AddStaffDialog />
      </div>
      <FilterForm label="Filter people" clearHref="/admin/people" filtered={filtered}>
        <div className="grid gap-1.5">
          <label htmlFor="people-search" className="text-sm font-medium">
            Name or email
          </label>
          <Input id="people-search" name="q" type="search" defaultValue={query} className="w-56" maxLength={100} />
        </div>
        <FilterSelect
          id="people-role"
          name="role"
          label="Role"
          defaultValue={role ?? ""}
          options={[{ value: "", label: "Any role" }, ...Object.entries(roleNames).map(([value, label]) => ({ value, label }))]}
        />
        <FilterSelect
          id="people-status"
          name="status"
          label="Account"
          defaultValue={status ?? ""}
          options={[
            { value: "", label: "Active or disabled" },
            { value: "active", label: "Active" },
            { value: "disabled", label: "Disabled" },
          ]}
        />
      </FilterForm>
      <PeopleDirectory key={JSON.stringify(filter)} filter={filter} firstPage={firstPage} currentUserId={session.user.id} />
    </section>
  );
}
