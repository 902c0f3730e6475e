import type { Metadata } from "next";
import { AuditTrail, type AuditFilter } from "@/components/admin/audit-log-table";
import { FilterForm, FilterSelect, searchParam } from "@/components/admin/filter-form";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Audit log · Admin" };

const PAGE_SIZE = 50;


export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requirePageRole("ADMIN", "/admin/audit");
  const params = await searchParams;
  const api = await serverApi();
  const choices = await api.admin.auditFilters();
  // Only values the filters offer: a stale or hand-typed link shows everything rather than failing.
  const entityType = choices.entityTypes.find((type) => type === searchParam(params.entity));
  const actorId = choices.actors.find((actor) => actor.id === searchParam(params.actor))?.id;
  const filter: AuditFilter = { entityType, actorId, limit: PAGE_SIZE };
  const firstPage = await api.admin.auditLog(filter);
  const filtered = Boolean(entityType || actorId);

  return (
    <section aria-labelledby="audit-heading" className="space-y-5">
      <h2 id="audit-heading" className="text-xl font-semibold">
        Staff and admin actions
      </h2>
      <FilterForm label="Filter the audit log" clearHref="/admin/audit" filtered={filtered}>
        <FilterSelect
          id="audit-entity"
          name="entity"
          label="About"
          defaultValue={entityType ?? ""}
          options={[{ value: "", label: "Everything" }, ...choices.entityTypes.map((type) => ({ value: type, label: type }))]}
        />
        <FilterSelect
          id="audit-actor"
          name="actor"
          label="Done by"
          defaultValue={actorId ?? ""}
          className="max-w-72"
          options={[
            { value: "", label: "Anyone" },
            ...choices.actors.map((actor) => ({ value: actor.id, label: `${actor.name} (${actor.email})` })),
          ]}
        />
      </FilterForm>
      <AuditTrail key={JSON.stringify(filter)} filter={filter} firstPage={firstPage} filtered={filtered} />
    </section>
  );
}
