import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FilmActions } from "@/components/admin/film-actions";
import { FilmForm } from "@/components/admin/film-form";
import { requirePageRole } from "@/lib/auth/guards";
import { isBadRequestError, isNotFoundError } from "@/lib/trpc/errors";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Edit film · Admin" };

export default async function EditFilmPage({ params }: PageProps<"/admin/films/[id]">) {
  const { id } = await params;
  await requirePageRole("ADMIN", `/admin/films/${id}`);
  const api = await serverApi();
  const film = await api.admin.films.get({ id }).catch((error: unknown) => {
    if (isNotFoundError(error) || isBadRequestError(error)) return null;
    throw error;
  });
  if (!film) notFound();
  return (
    <section aria-labelledby="edit-film-heading" className="space-y-5">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/admin/films" className="text-muted-foreground hover:underline">
            Films
          </Link>
        </p>
        <h2 id="edit-film-heading" className="text-xl font-semibold">
          {film.title}
        </h2>
        {film.status !== "DRAFT" ? (
          <p className="text-sm">
            <Link href={`/films/${film.slug}`} className="text-muted-foreground hover:underline">
              /films/{film.slug}
            </Link>
          </p>
        ) : null}
      </div>
      <FilmActions film={film} />
      {/* Mounted afresh for each saved version, so the form starts from what was saved. */}
      <FilmForm key={film.version} editing={film} />
    </section>
  );
}
