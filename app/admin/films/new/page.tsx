import type { Metadata } from "next";
import Link from "next/link";
import { FilmForm } from "@/components/admin/film-form";
import { requirePageRole } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "New film · Admin" };

export default async function NewFilmPage() {
  await requirePageRole("ADMIN", "/admin/films/new");
  return (
    <section aria-labelledby="new-film-heading" className="space-y-5">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/admin/films" className="text-muted-foreground hover:underline">
            Films
          </Link>
        </p>
        <h2 id="new-film-heading" className="text-xl font-semibold">
          New film
        </h2>
        <p className="text-muted-foreground text-sm">Save it as a draft to finish later; customers see it once it is published.</p>
      </div>
      <FilmForm editing={null} />
    </section>
  );
}
