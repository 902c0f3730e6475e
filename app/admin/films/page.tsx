import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterForm, FilterSelect, searchParam } from "@/components/admin/filter-form";
import { type FilmsFilter, FilmsList } from "@/components/admin/films-list";
import { filmStatusLabels } from "@/components/admin/film-status";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { hasRole } from "@/server/accounts/roles";
import { filmStatusSchema } from "@/server/db/schemas";

export const metadata: Metadata = { title: "Films · Admin" };

const PAGE_SIZE = 25;

// Staff may read the list (the procedure allows it); only admins get the create button and the links to the form.
export default async function AdminFilmsPage({ searchParams }: PageProps<"/admin/films">) {
  const session = await requirePageRole("STAFF", "/admin/films");
  const canEdit = hasRole(session.user, "ADMIN");
  const params = await searchParams;
  // Anything the filter doesn't know is ignored rather than refused: these come from links and hand-typed URLs.
  const search = searchParam(params.q)?.trim().slice(0, 100) || undefined;
  const status = filmStatusSchema.safeParse(searchParam(params.status)).data;
  const filter: FilmsFilter = { search, status, limit: PAGE_SIZE };
  const firstPage = await (await serverApi()).admin.films.list(filter);

  return (
    <section aria-labelledby="films-heading" className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          <h2 id="films-heading" className="text-xl font-semibold">
            Films
          </h2>
          <p className="text-muted-foreground text-sm">
            Customers see published films only; a draft is hidden everywhere, an archived film is no longer listed but its tickets stay valid.
          </p>
        </div>
        {canEdit ? (
          <Button asChild>
            <Link href="/admin/films/new">
              <Plus aria-hidden /> New film
            </Link>
          </Button>
        ) : null}
      </div>
      <FilterForm label="Filter films" clearHref="/admin/films" filtered={Boolean(search || status)}>
        <div className="grid gap-1.5">
          <label htmlFor="films-search" className="text-sm font-medium">
            Title
          </label>
          <Input id="films-search" name="q" type="search" defaultValue={search} className="w-56" maxLength={100} />
        </div>
        <FilterSelect
          id="films-status"
          name="status"
          label="Status"
          defaultValue={status ?? ""}
          options={[{ value: "", label: "Any status" }, ...Object.entries(filmStatusLabels).map(([value, label]) => ({ value, label }))]}
        />
      </FilterForm>
      <FilmsList key={JSON.stringify(filter)} filter={filter} firstPage={firstPage} canEdit={canEdit} />
    </section>
  );
}
