"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Archive, CircleAlert, EyeOff, Loader2, Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { useTRPC } from "@/lib/trpc/client";
import { formatDay, formatTime } from "@/server/format";
import type { AdminFilm, FutureScreeningsChoice } from "@/server/programme/film-schemas";
import { FilmStatusBadge } from "./film-status";

/**
 * What an admin can do to a film besides editing it: publish or take back to draft, archive (asking what to do with
 * its future screenings), and delete (only a film that never sold a ticket; the server says so otherwise).
 */
export function FilmActions({ film }: { film: AdminFilm }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setStatus = useMutation(
    trpc.admin.films.setStatus.mutationOptions({
      onSuccess: (saved) => {
        toast.success(saved.status === "PUBLISHED" ? `${saved.title} is on the site.` : `${saved.title} is a draft: customers no longer see it.`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <section aria-labelledby="film-actions-heading" className="space-y-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="film-actions-heading" className="font-semibold">
          Status
        </h3>
        <FilmStatusBadge status={film.status} />
      </div>
      <p className="text-muted-foreground text-sm">
        {film.screenings.future} upcoming screening{film.screenings.future === 1 ? "" : "s"}, {film.screenings.total} in all.
        {film.hasSales ? " Tickets have been sold for it." : ""}
      </p>
      <div className="flex flex-wrap gap-2">
        {film.status !== "PUBLISHED" ? (
          <Button
            variant="outline"
            size="sm"
            disabled={setStatus.isPending}
            onClick={() => setStatus.mutate({ id: film.id, version: film.version, status: "PUBLISHED" })}
          >
            <Send aria-hidden /> Publish
          </Button>
        ) : (
          <Button
            variant="outline"
            size="sm"
            disabled={setStatus.isPending}
            onClick={() => setStatus.mutate({ id: film.id, version: film.version, status: "DRAFT" })}
          >
            <EyeOff aria-hidden /> Back to draft
          </Button>
        )}
        {film.status !== "ARCHIVED" ? <ArchiveDialog film={film} /> : null}
        <DeleteDialog film={film} />
      </div>
    </section>
  );
}

function ArchiveDialog({ film }: { film: AdminFilm }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<FutureScreeningsChoice>("keep");
  const [refusal, setRefusal] = useState<string | null>(null);
  const future = useQuery({ ...trpc.admin.films.futureScreenings.queryOptions({ id: film.id }), enabled: open });
  const archive = useMutation(
    trpc.admin.films.setStatus.mutationOptions({
      onSuccess: (saved) => {
        setOpen(false);
        toast.success(`${saved.title} archived.`);
        router.refresh();
      },
      onError: (error) => setRefusal(error.message),
    }),
  );
  const screenings = future.data?.screenings ?? [];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setRefusal(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Archive aria-hidden /> Archive
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Archive {film.title}?</DialogTitle>
          <DialogDescription>An archived film is no longer listed on the site. Tickets already sold stay valid.</DialogDescription>
        </DialogHeader>
        {future.isPending ? (
          <p role="status" className="text-muted-foreground flex items-center gap-2 text-sm">
            <Loader2 className="size-4 animate-spin" aria-hidden /> Looking for future screenings…
          </p>
        ) : future.isError ? (
          <p role="alert" className="text-destructive text-sm">
            The future screenings didn&apos;t load. Close and try again.
          </p>
        ) : screenings.length === 0 ? (
          <p className="text-sm">It has no future screenings.</p>
        ) : (
          <div className="space-y-3">
            <p className="text-sm">
              It has {screenings.length} future screening{screenings.length === 1 ? "" : "s"}:
            </p>
            <ul className="max-h-40 space-y-1 overflow-y-auto text-sm" aria-label="Future screenings">
              {screenings.map((screening) => (
                <li key={screening.id} className="tabular-nums">
                  {formatDay(screening.startsAt, screening.timeZone)} {formatTime(screening.startsAt, screening.timeZone)} · {screening.hallName},{" "}
                  {screening.cinemaName} · {screening.tickets} ticket{screening.tickets === 1 ? "" : "s"}
                </li>
              ))}
            </ul>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">What should happen to them?</legend>
              <label className="flex items-start gap-2 text-sm">
                <input type="radio" name="future-screenings" value="keep" checked={choice === "keep"} onChange={() => setChoice("keep")} className="mt-1" />
                <span>Keep them on sale (customers can still book them)</span>
              </label>
              <label className="flex items-start gap-2 text-sm">
                <input type="radio" name="future-screenings" value="cancel" checked={choice === "cancel"} onChange={() => setChoice("cancel")} className="mt-1" />
                <span>Cancel them: every paid order is refunded and its customer emailed; the scheduler shows the progress</span>
              </label>
            </fieldset>
          </div>
        )}
        <Refusal message={refusal} />
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button
            disabled={archive.isPending || !future.isSuccess}
            aria-busy={archive.isPending}
            onClick={() => {
              setRefusal(null);
              archive.mutate({
                id: film.id,
                version: film.version,
                status: "ARCHIVED",
                ...(screenings.length > 0 ? { futureScreenings: choice } : {}),
              });
            }}
          >
            {archive.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Archive film
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function DeleteDialog({ film }: { film: AdminFilm }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const remove = useMutation(
    trpc.admin.films.delete.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast.success(`${film.title} deleted.`);
        router.push("/admin/films");
      },
      onError: (error) => setRefusal(error.message),
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setRefusal(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" className="text-destructive">
          <Trash2 aria-hidden /> Delete
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Delete {film.title}?</DialogTitle>
          <DialogDescription>
            {film.hasSales
              ? "Tickets have been sold for this film, so it can't be deleted. Archive it instead."
              : `The film and its ${film.screenings.total} screening${film.screenings.total === 1 ? "" : "s"} (none sold) are deleted for good.`}
          </DialogDescription>
        </DialogHeader>
        <Refusal message={refusal} />
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep it</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={film.hasSales || remove.isPending}
            aria-busy={remove.isPending}
            onClick={() => remove.mutate({ id: film.id, version: film.version })}
          >
            {remove.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Delete film
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Why the server refused, inside the dialog (its text names what to do instead). */
function Refusal({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert variant="destructive">
      <CircleAlert aria-hidden />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
