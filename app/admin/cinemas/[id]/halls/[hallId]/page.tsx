import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LayoutEditor } from "@/components/admin/layout-editor/layout-editor";
import { SeatBlocks } from "@/components/admin/seat-blocks";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Hall layout · Admin" };

// "new" as the hall id opens the editor on an empty hall of this cinema.
export default async function AdminHallPage({ params }: PageProps<"/admin/cinemas/[id]/halls/[hallId]">) {
  const { id, hallId } = await params;
  await requirePageRole("ADMIN", `/admin/cinemas/${id}/halls/${hallId}`);
  const api = await serverApi();
  const cinemas = await api.admin.venues.listCinemas();
  const cinema = cinemas.find((c) => c.id === id);
  if (!cinema) notFound();
  const hall = hallId === "new" ? null : await api.admin.venues.getHall({ hallId }).catch(() => null);
  if (hallId !== "new" && (!hall || hall.cinemaId !== cinema.id)) notFound();
  return (
    <section aria-labelledby="hall-heading" className="space-y-5">
      <div className="space-y-1">
        <Link href="/admin/cinemas" className="text-muted-foreground inline-flex items-center gap-1 text-sm hover:underline">
          <ArrowLeft className="size-3.5" aria-hidden /> Cinemas
        </Link>
        <h2 id="hall-heading" className="text-xl font-semibold">
          {hall ? `${cinema.name} · ${hall.name}` : `New hall in ${cinema.name}`}
        </h2>
        <p className="text-muted-foreground text-sm">
          Paint the seats as customers will see them. Saving a changed layout makes a new version: screenings with sold or held seats keep theirs.
        </p>
      </div>
      <LayoutEditor key={hall ? `${hall.id}:${hall.version}` : "new"} cinema={{ id: cinema.id, name: cinema.name, timeZone: cinema.timeZone }} hall={hall} />
      {hall ? (
        <section aria-labelledby="blocks-heading" className="space-y-3 border-t pt-5">
          <div className="space-y-1">
            <h3 id="blocks-heading" className="text-lg font-semibold">
              Block seats
            </h3>
            <p className="text-muted-foreground text-sm">
              Take a broken seat out of sale for one screening, or for every future screening on its layout, without changing the layout. Seats someone
              holds or has bought can&apos;t be blocked.
            </p>
          </div>
          <SeatBlocks screenings={hall.upcoming} timeZone={cinema.timeZone} canEdit />
        </section>
      ) : null}
    </section>
  );
}
